import { TEMPLATE_ENV } from '../../cloudfunctions/_shared/notify';

/**
 * The functions' environment variables on the local cloud, as the console's 版本与配置 would set
 * them in production: one 订阅消息 template id per notice kind (`local-template-<kind>`), so that
 * notices go out through the local `subscribeMessage.send` and show in `GET /v1/outbox`.
 * A variable already set in the process environment wins.
 */
export function localFunctionEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [kind, name] of Object.entries(TEMPLATE_ENV)) env[name] = `local-template-${kind}`;
  return env;
}

export function applyFunctionEnv(env: Record<string, string>): void {
  for (const [name, value] of Object.entries(env)) if (process.env[name] === undefined) process.env[name] = value;
}
