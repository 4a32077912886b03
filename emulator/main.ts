import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startLocalCloud } from './local-cloud';
import { createHttpServer } from './server';
import { readTimerTriggers, startTimers } from './timers';

/** `npm start`: the local cloud on http://127.0.0.1:8787 (see README "The local cloud"). */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  const hostAddress = process.env.HOST || '127.0.0.1';
  const dataDir = path.resolve(process.env.DATA_DIR || '.data');
  const demo = process.env.DEMO_DATA !== '0';
  const displayHost = hostAddress.includes(':') ? `[${hostAddress}]` : hostAddress;

  const cloud = await startLocalCloud({ dataDir, seed: { demo }, baseUrl: `http://${displayHost}:${port}` });
  const server = createHttpServer(cloud.host, { platform: cloud.platform });
  server.on('error', (error: NodeJS.ErrnoException) => {
    const reason = error.code === 'EADDRINUSE' ? `port ${port} is already in use (set PORT to another one)` : error.code === 'EACCES' ? `no permission to listen on port ${port}` : error.message;
    console.error(`社区科普大学 local cloud cannot start: ${reason}`);
    cloud.close();
    process.exit(1);
  });
  server.listen(port, hostAddress, () => {
    const { port: boundPort } = server.address() as AddressInfo;
    const base = `http://${displayHost}:${boundPort}`;
    cloud.platform.baseUrl = base;
    const stopTimers = startTimers(cloud.host, readTimerTriggers(cloud.host));
    const report = cloud.seedReport;
    const names = cloud.host.names();
    const broken = names.filter((name) => cloud.host.loadError(name) !== undefined);
    console.log(`社区科普大学 local cloud on ${base} (env ${cloud.platform.envId})`);
    console.log(
      base === 'http://127.0.0.1:8787'
        ? '  mini-program: its development build uses this address by default'
        : `  mini-program: type ${base} (a phone: this computer's LAN address, port ${boundPort}) into the home page's developer panel, 本地云地址`,
    );
    console.log(`  data: ${dataDir}${report ? ` (branches created: ${report.branchesCreated}, demo data ${report.demoSeeded ? 'seeded' : demo ? 'already present' : 'off'})` : ''}`);
    console.log(`  functions: ${names.filter((name) => !broken.includes(name)).join(', ')}`);
    if (broken.length) console.log(`  failed to load (their calls answer the error): ${broken.join(', ')}`);
    console.log('  try:');
    console.log(`    curl -s ${base}/healthz`);
    console.log(`    curl -s -XPOST ${base}/v1/functions/org -d '{"action":"listBranches"}'`);
    console.log(`    curl -s -XPOST ${base}/v1/functions/user -H 'x-wx-openid: demo-learner-1' -d '{"action":"me"}'`);
    console.log(`    curl -s ${base}/v1/outbox`);

    const stop = () => {
      stopTimers();
      server.close();
      cloud.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

main().catch((error) => {
  console.error(`社区科普大学 local cloud cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
