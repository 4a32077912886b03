import { isHeadAdmin, loadCaller, type Caller } from '../_shared/authz';
import type { Database } from '../_shared/cloud';
import { permissionDenied } from '../_shared/errors';

/** The question bank is the head school's: only head admins read answers or change it. */
export async function requireBankKeeper(db: Database, openid: string): Promise<Caller> {
  const caller = await loadCaller(db, openid);
  if (!isHeadAdmin(caller)) throw permissionDenied('只有总校管理员可以维护题库，如需导入题目请联系总校');
  return caller;
}
