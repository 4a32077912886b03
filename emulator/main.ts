import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startLocalCloud } from './local-cloud';
import { createHttpServer } from './server';
import { startTimers } from './timers';

/** `npm start`: the local cloud on http://127.0.0.1:8787 (see README "The local cloud"). */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  const hostAddress = process.env.HOST || '127.0.0.1';
  const dataDir = path.resolve(process.env.DATA_DIR || '.data');
  const demo = process.env.DEMO_DATA !== '0';

  const cloud = await startLocalCloud({ dataDir, seed: { demo } });
  const server = createHttpServer(cloud.host);
  const stopTimers = startTimers(cloud.host);
  server.listen(port, hostAddress, () => {
    const { port: boundPort } = server.address() as AddressInfo;
    const base = `http://${hostAddress.includes(':') ? `[${hostAddress}]` : hostAddress}:${boundPort}`;
    const report = cloud.seedReport;
    console.log(`社区科普大学 local cloud on ${base}`);
    console.log(`  data: ${dataDir}${report ? ` (branches created: ${report.branchesCreated}, demo data ${report.demoSeeded ? 'seeded' : demo ? 'already present' : 'off'})` : ''}`);
    console.log(`  functions: ${cloud.host.names().join(', ')}`);
    console.log('  try:');
    console.log(`    curl -s ${base}/healthz`);
    console.log(`    curl -s -XPOST ${base}/v1/functions/org -d '{"action":"listBranches"}'`);
    console.log(`    curl -s -XPOST ${base}/v1/functions/user -H 'x-wx-openid: demo-learner-1' -d '{"action":"me"}'`);
  });

  const stop = () => {
    stopTimers();
    server.close();
    cloud.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
