/** Errors of the function host, shaped as CloudBase reports them to a caller of callFunction. */

export class FunctionNotFoundError extends Error {
  constructor(readonly functionName: string) {
    super(`no cloud function named ${functionName}`);
  }
}

/** CloudBase's codes for a function that failed (TCB_ERR_CODE / the mini-program's errCode). */
export const FUNCTIONS_EXECUTE_FAIL = -504002;
export const FUNCTIONS_TIME_LIMIT_EXCEEDED = -504003;

/**
 * A function that threw, rejected, failed to load or ran past its time limit. `detail` is what
 * CloudBase puts after `errMsg:` (e.g. `Error: boom`, `Invoking task timed out after 3 seconds`);
 * `errMsg` is the whole text wx.cloud.callFunction rejects with.
 */
export class CloudFunctionError extends Error {
  readonly errMsg: string;

  constructor(
    readonly errCode: number,
    readonly detail: string,
    readonly requestID: string,
  ) {
    const label = errCode === FUNCTIONS_EXECUTE_FAIL ? ' functions execute fail' : '';
    const errMsg = `cloud.callFunction:fail Error: errCode: ${errCode}${label} | errMsg: ${detail}`;
    super(errMsg);
    this.errMsg = errMsg;
  }

  /** The body the HTTP face answers with (status 200, as the platform answers a failed call). */
  toJSON(): { errCode: number; errMsg: string; requestID: string } {
    return { errCode: this.errCode, errMsg: this.errMsg, requestID: this.requestID };
  }
}
