import type { ManagerLike } from '../../scripts/deploy';

/** One call the deploy made: `service.method` (commonService as `commonService(tcb,2018-06-08).call`) and its arguments. */
export interface Call {
  method: string;
  args: unknown[];
}

interface RemoteIndex {
  Name: string;
  Keys: { Name: string; Direction: string }[];
  Unique: boolean;
}

interface RemoteFunction {
  Runtime: string;
  Variables: { Key: string; Value: string }[];
  Triggers: { TriggerName: string; Type: string; TriggerDesc: string }[];
}

/**
 * A CloudBase environment in memory behind the manager methods the deploy calls: it records every
 * call with its arguments, in order, and answers as the real API does (the response fields the
 * deploy reads), so a second deploy sees what the first one made.
 */
export class FakeManager {
  readonly calls: Call[] = [];
  readonly collections = new Map<string, RemoteIndex[]>();
  readonly acl = new Map<string, string>();
  readonly functions = new Map<string, RemoteFunction>();

  private record(method: string, ...args: unknown[]): void {
    // A deep copy: the deploy may reuse objects after the call.
    this.calls.push({ method, args: JSON.parse(JSON.stringify(args)) });
  }

  /** The calls as `[method, ...args]`, for exact comparison. */
  sequence(): unknown[][] {
    return this.calls.map((c) => [c.method, ...c.args]);
  }

  clearCalls(): void {
    this.calls.length = 0;
  }

  readonly manager: ManagerLike = {
    database: {
      createCollectionIfNotExists: async (name: string) => {
        this.record('database.createCollectionIfNotExists', name);
        const exists = this.collections.has(name);
        if (!exists) this.collections.set(name, [{ Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }], Unique: true }]);
        return { RequestId: 'r', IsCreated: !exists, ExistsResult: { RequestId: 'r', Exists: exists } };
      },
      describeCollection: async (name: string) => {
        this.record('database.describeCollection', name);
        const indexes = this.collections.get(name);
        if (!indexes) throw new Error(`ResourceNotFound: ${name}`);
        return {
          RequestId: 'r',
          IndexNum: indexes.length,
          Indexes: indexes.map((i) => ({ ...i, Size: 0, Accesses: { Ops: 0, Since: '' } })),
        };
      },
      updateCollection: async (name, info) => {
        this.record('database.updateCollection', name, info);
        const indexes = this.collections.get(name);
        if (!indexes) throw new Error(`ResourceNotFound: ${name}`);
        for (const create of info.CreateIndexes ?? []) {
          if (indexes.some((i) => i.Name === create.IndexName)) throw new Error(`index ${create.IndexName} exists`);
          indexes.push({
            Name: create.IndexName,
            Keys: create.MgoKeySchema.MgoIndexKeys.map((k) => ({ Name: k.Name, Direction: k.Direction })),
            Unique: create.MgoKeySchema.MgoIsUnique,
          });
        }
        return { RequestId: 'r' };
      },
    },
    commonService: (service?: string, version?: string) => ({
      call: async (options: { Action: string; Param: Record<string, unknown> }) => {
        this.record(`commonService(${service},${version}).call`, options);
        if (options.Action !== 'ModifyDatabaseACL') throw new Error(`unexpected action ${options.Action}`);
        const name = String(options.Param.CollectionName);
        if (!this.collections.has(name)) throw new Error(`ResourceNotFound: ${name}`);
        this.acl.set(name, String(options.Param.AclTag));
        return { RequestId: 'r' };
      },
    }),
    functions: {
      listAllFunctions: async (options) => {
        this.record('functions.listAllFunctions', options);
        return [...this.functions.keys()].map((FunctionName) => ({ FunctionName }));
      },
      getFunctionDetail: async (name: string) => {
        this.record('functions.getFunctionDetail', name);
        const fn = this.functions.get(name);
        if (!fn) throw new Error(`ResourceNotFound.Function: ${name}`);
        return {
          FunctionName: name,
          Runtime: fn.Runtime,
          Environment: { Variables: fn.Variables },
          Triggers: fn.Triggers,
        } as never;
      },
      createFunction: async (param) => {
        this.record('functions.createFunction', param);
        if (this.functions.has(param.func.name)) throw new Error('ResourceInUse.Function');
        this.functions.set(param.func.name, {
          Runtime: param.func.runtime ?? 'Nodejs20.19',
          Variables: Object.entries(param.func.envVariables ?? {}).map(([Key, Value]) => ({ Key, Value: String(Value) })),
          Triggers: [],
        });
        return { RequestId: 'r' };
      },
      updateFunctionCode: async (param) => {
        this.record('functions.updateFunctionCode', param);
        if (!this.functions.has(param.func.name)) throw new Error('ResourceNotFound.Function');
        return { RequestId: 'r' };
      },
      waitFunctionActive: async (name: string) => {
        this.record('functions.waitFunctionActive', name);
      },
      updateFunctionConfig: async (func) => {
        this.record('functions.updateFunctionConfig', func);
        const fn = this.functions.get(func.name);
        if (!fn) throw new Error('ResourceNotFound.Function');
        // Like SCF: a non-empty set replaces the whole set.
        const vars = Object.entries(func.envVariables ?? {});
        if (vars.length) fn.Variables = vars.map(([Key, Value]) => ({ Key, Value: String(Value) }));
        return { RequestId: 'r' };
      },
      createFunctionTriggers: async (name: string, triggers = []) => {
        this.record('functions.createFunctionTriggers', name, triggers);
        const fn = this.functions.get(name);
        if (!fn) throw new Error('ResourceNotFound.Function');
        for (const t of triggers) {
          if (fn.Triggers.some((r) => r.TriggerName === t.name)) throw new Error(`ResourceInUse.Trigger ${t.name}`);
          fn.Triggers.push({ TriggerName: t.name, Type: t.type, TriggerDesc: JSON.stringify({ cron: t.config }) });
        }
        return { RequestId: 'r' };
      },
      deleteFunctionTrigger: async (name: string, triggerName: string) => {
        this.record('functions.deleteFunctionTrigger', name, triggerName);
        const fn = this.functions.get(name);
        if (!fn) throw new Error('ResourceNotFound.Function');
        fn.Triggers = fn.Triggers.filter((t) => t.TriggerName !== triggerName);
        return { RequestId: 'r' };
      },
    },
  };
}
