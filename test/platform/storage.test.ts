import { checkEvidence, evidencePath, fileExists, fileInfo, tempUrls } from '../../cloudfunctions/_shared/storage';
import { MAX_UPLOAD_BYTES } from '../../emulator/platform/storage';
import { startHarness, type PlatformHarness } from './support';

let h: PlatformHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
afterEach(() => h.cloud.setClock('reset'));

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

async function upload(cloudPath: string, body: string | Uint8Array | FormData, headers: Record<string, string> = {}, openid: string | null = 'o-up') {
  const res = await fetch(`${h.base}/v1/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, { method: 'POST', body, headers: { ...(openid ? { 'x-wx-openid': openid } : {}), ...headers } });
  return { status: res.status, body: (await res.json()) as { ok: boolean; fileID?: string; error?: string } };
}

describe('cloud storage through the unmodified SDK', () => {
  it('uploads, links, downloads and deletes with CloudBase shapes and fileIDs', async () => {
    const { envId, storage } = h.cloud.platform;
    const up = (await h.post('platform', { action: 'upload', cloudPath: 'docs/a.txt', text: '你好' }, 'o-1')).body;
    expect(up).toEqual({ fileID: `cloud://${envId}.${storage.bucket}/docs/a.txt`, statusCode: 200, errMsg: 'uploadFile:ok' });
    expect(storage.bucket).toBe(`${Buffer.from(envId.slice(0, 2)).toString('hex')}-${envId}-1250000000`);

    const missing = `cloud://${envId}.${storage.bucket}/docs/none.txt`;
    const temp = (await h.post('platform', { action: 'temp', fileList: [up.fileID, { fileID: missing, maxAge: 60 }] })).body;
    expect(temp.errMsg).toBe('getTempFileURL:ok');
    expect(temp.fileList[0]).toMatchObject({ fileID: up.fileID, status: 0, errMsg: 'ok', maxAge: 86400 });
    expect(temp.fileList[0].tempFileURL).toMatch(new RegExp(`^${h.base}/v1/storage/docs/a\\.txt\\?sign=[0-9a-f]{32}&t=\\d+$`));
    expect(temp.fileList[1]).toMatchObject({ fileID: missing, status: -503003, tempFileURL: '', maxAge: 60 });

    const down = (await h.post('platform', { action: 'download', fileID: up.fileID })).body;
    expect(down).toEqual({ text: '你好', size: 6, statusCode: 200, errMsg: 'downloadFile:ok' });
    const notThere = (await h.post('platform', { action: 'caught', api: 'downloadFile', params: { fileID: missing } })).body;
    expect(notThere).toMatchObject({ thrown: true, errCode: -503003 });

    const del = (await h.post('platform', { action: 'delete', fileList: [up.fileID, missing] })).body;
    expect(del.errMsg).toBe('deleteFile:ok');
    expect(del.fileList).toEqual([
      { fileID: up.fileID, status: 0, errMsg: 'ok' },
      { fileID: missing, status: -503003, errMsg: expect.any(String) },
    ]);
    expect(storage.stat('docs/a.txt')).toBeUndefined();
  });

  it('refuses paths CloudBase refuses', async () => {
    for (const cloudPath of ['/abs.txt', 'a//b.txt', 'x'.repeat(851), '../up.txt']) {
      const res = (await h.post('platform', { action: 'upload', cloudPath, text: 'x' })).body;
      expect(res).toMatchObject({ errCode: -504002 });
      expect(res.errMsg).toMatch(/cloudPath (must not|is longer)/);
    }
    expect((await h.post('platform', { action: 'upload', cloudPath: 'ok/fine.txt', text: 'x' })).body.errMsg).toBe('uploadFile:ok');
  });
});

describe('the HTTP face of storage', () => {
  it('stores raw bytes and multipart uploads as wx.cloud.uploadFile does, and serves signed links', async () => {
    const raw = await upload('evidence/o-up/photo.png', PNG);
    expect(raw).toEqual({ status: 200, body: { ok: true, fileID: h.cloud.platform.storage.fileIdOf('evidence/o-up/photo.png') } });
    expect(h.cloud.platform.storage.stat('evidence/o-up/photo.png')).toMatchObject({ size: PNG.length, contentType: 'image/png', uploader: 'o-up' });

    const form = new FormData();
    form.append('cloudPath', 'ignored');
    form.append('file', new Blob([Buffer.from('%PDF-1.4 plan')], { type: 'application/pdf' }), 'plan.pdf');
    const multipart = await upload('evidence/o-up/plan.pdf', form);
    expect(multipart.body.ok).toBe(true);
    expect(h.cloud.platform.storage.read('evidence/o-up/plan.pdf')?.bytes.toString()).toBe('%PDF-1.4 plan');

    expect((await upload('a.txt', 'x', {}, null)).status).toBe(401);
    expect((await upload('/a.txt', 'x')).status).toBe(400);
    const withoutFile = new FormData();
    withoutFile.append('other', 'x');
    expect((await upload('b.txt', withoutFile)).status).toBe(400);

    const [link] = (await h.post('platform', { action: 'temp', fileList: [{ fileID: raw.body.fileID, maxAge: 600 }] })).body.fileList;
    const got = await fetch(link.tempFileURL);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);

    const forged = link.tempFileURL.replace(/sign=[0-9a-f]{4}/, 'sign=0000');
    expect((await fetch(forged)).status).toBe(403);
    expect((await fetch(link.tempFileURL.replace(/&t=\d+/, '&t=9999999999'))).status).toBe(403);

    // The link expires on the local clock: 11 minutes later it is refused.
    const moved = await fetch(`${h.base}/v1/clock`, { method: 'POST', body: JSON.stringify({ now: new Date(Date.now() + 11 * 60_000).toISOString() }) });
    expect(moved.status).toBe(200);
    expect((await fetch(link.tempFileURL)).status).toBe(403);
  });

  it('refuses a body over the upload limit with 413', async () => {
    const res = await upload('big.bin', new Uint8Array(MAX_UPLOAD_BYTES + 1));
    expect(res.status).toBe(413);
    expect(h.cloud.platform.storage.stat('big.bin')).toBeUndefined();
  });
});

describe('the product helper for evidence files (cloudfunctions/_shared/storage.ts)', () => {
  it('measures a file the mini-program uploaded, and judges it as evidence of its uploader', async () => {
    const png = (await upload(evidencePath('o-staff', 'venue.png'), PNG, {}, 'o-staff')).body.fileID!;
    const fake = (await upload(evidencePath('o-staff', 'renamed.png'), Buffer.from('just text'), {}, 'o-staff')).body.fileID!;
    const missing = h.cloud.platform.storage.fileIdOf('evidence/o-staff/none.png');
    expect(await fileInfo(png)).toEqual({ fileID: png, size: PNG.length, contentType: 'image/png', uploader: 'o-staff' });
    expect(await fileInfo(missing)).toBeNull();
    expect(await fileExists(png)).toBe(true);
    expect(await fileExists(missing)).toBe(false);
    const urls = await tempUrls([png, missing]);
    expect(urls[png]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/storage\//);
    expect(urls[missing]).toBeNull();
    expect(await checkEvidence(png, { openid: 'o-staff' })).toBe('ok');
    expect(await checkEvidence(png, { openid: 'o-other' })).toBe('not_uploader');
    expect(await checkEvidence(fake, { openid: 'o-staff' })).toBe('bad_type');
    expect(await checkEvidence(png, { openid: 'o-staff', maxBytes: 10 })).toBe('too_large');
    expect(await checkEvidence(missing, { openid: 'o-staff' })).toBe('missing');
  });
});
