import type { LatLng } from '../../typings/org';

/**
 * Nearest-first search without reading every point: each point stores `geoCell`, the 0.1° grid
 * cell of its location (about 11 km × 9.7 km around Chongqing), indexed. A search reads the
 * square rings of cells around the caller, growing until enough points are known to be nearer
 * than anything outside the searched square, then sorts those by great-circle distance.
 */
export const CELL_DEGREES = 0.1;
const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE = (Math.PI * EARTH_RADIUS_KM) / 180;

export interface CellIndex {
  row: number;
  col: number;
}

export function cellIndexOf(p: LatLng): CellIndex {
  // The epsilon keeps 29.3 (stored as 29.299999…) in cell 293.
  return { row: Math.floor(p.latitude / CELL_DEGREES + 1e-9), col: Math.floor(p.longitude / CELL_DEGREES + 1e-9) };
}

export function cellKey(c: CellIndex): string {
  return `${c.row}_${c.col}`;
}

export function geoCellOf(p: LatLng): string {
  return cellKey(cellIndexOf(p));
}

/** Keys of the cells at Chebyshev distance `from`..`to` (inclusive) from the centre cell. */
export function ringCells(center: CellIndex, from: number, to: number): string[] {
  const keys: string[] = [];
  for (let dr = -to; dr <= to; dr++) {
    for (let dc = -to; dc <= to; dc++) {
      const ring = Math.max(Math.abs(dr), Math.abs(dc));
      if (ring >= from) keys.push(cellKey({ row: center.row + dr, col: center.col + dc }));
    }
  }
  return keys;
}

export function haversineKm(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A lower bound of the distance from `p` to any place outside the square of cells within
 * Chebyshev distance `rings` of p's cell: every point nearer than this has been searched.
 */
export function searchedRadiusKm(p: LatLng, rings: number): number {
  const c = cellIndexOf(p);
  const south = p.latitude - (c.row - rings) * CELL_DEGREES;
  const north = (c.row + rings + 1) * CELL_DEGREES - p.latitude;
  const west = p.longitude - (c.col - rings) * CELL_DEGREES;
  const east = (c.col + rings + 1) * CELL_DEGREES - p.longitude;
  // Longitude degrees shrink towards the poles: use the square's most poleward latitude.
  const maxLat = Math.min(89, Math.max(Math.abs((c.row - rings) * CELL_DEGREES), Math.abs((c.row + rings + 1) * CELL_DEGREES)));
  const lngKm = KM_PER_DEGREE * Math.cos((maxLat * Math.PI) / 180);
  return 0.995 * Math.min(south * KM_PER_DEGREE, north * KM_PER_DEGREE, west * lngKm, east * lngKm);
}

/** Ring batches read one query each: 3×3 cells, then 7×7, then 15×15; beyond, every located point. */
export const RING_BATCHES: ReadonlyArray<readonly [number, number]> = [
  [0, 1],
  [2, 3],
  [4, 7],
];

export function roundKm(km: number): number {
  return Math.round(km * 100) / 100;
}
