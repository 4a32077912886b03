/** Draws the certificate on a 2D canvas context (CSS pixels; the caller scales for the DPR). */
import type { CertificateResult } from '../../services/volunteer';

export const CERT_WIDTH = 345;
export const CERT_HEIGHT = 490;

type Ctx = WechatMiniprogram.CanvasRenderingContext.CanvasRenderingContext2D;

export function certificateLines(c: CertificateResult): string[] {
  const lines = [
    `证书编号：${c.number}`,
    `志愿者：${c.realName}`,
    `经审核的志愿服务时长：${c.approvedHours} 小时`,
    `星级：${c.star ? `${c.star} 星志愿者` : '—'}`,
    '服务记录：',
  ];
  const shown = c.records.slice(-8);
  for (const r of shown) lines.push(`· ${r.startsAt.slice(0, 10)} ${r.activityTitle} ${r.hours}小时`);
  if (c.records.length > shown.length) lines.push(`（另有 ${c.records.length - shown.length} 条记录，详见小程序）`);
  return lines;
}

export function drawCertificate(ctx: Ctx, c: CertificateResult): void {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, CERT_WIDTH, CERT_HEIGHT);
  ctx.strokeStyle = '#b3261e';
  ctx.lineWidth = 4;
  ctx.strokeRect(8, 8, CERT_WIDTH - 16, CERT_HEIGHT - 16);
  ctx.fillStyle = '#b3261e';
  ctx.font = 'bold 24px sans-serif';
  ctx.textAlign = 'center';
  ctx.fillText('志愿服务记录证明', CERT_WIDTH / 2, 52);
  ctx.fillStyle = '#1a1a1a';
  ctx.font = '14px sans-serif';
  ctx.textAlign = 'left';
  let y = 90;
  for (const line of certificateLines(c)) {
    ctx.fillText(line.length > 24 ? `${line.slice(0, 23)}…` : line, 24, y);
    y += 24;
  }
  ctx.textAlign = 'right';
  ctx.fillText(c.issuedBy.length > 22 ? `${c.issuedBy.slice(0, 21)}…` : c.issuedBy, CERT_WIDTH - 24, CERT_HEIGHT - 56);
  ctx.fillText(`出具日期：${c.issuedAt.slice(0, 10)}`, CERT_WIDTH - 24, CERT_HEIGHT - 32);
}
