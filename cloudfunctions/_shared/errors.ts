import type { ErrorCode } from '../../typings/envelope';

/** An expected failure: its code and Chinese message go to the caller as they are. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalidArgument = (message: string) => new AppError('INVALID_ARGUMENT', message);
export const unauthenticated = (message = '请先在微信中登录后再试') => new AppError('UNAUTHENTICATED', message);
export const permissionDenied = (message = '您没有权限进行此操作') => new AppError('PERMISSION_DENIED', message);
export const notFound = (message: string) => new AppError('NOT_FOUND', message);
export const alreadyExists = (message: string) => new AppError('ALREADY_EXISTS', message);
export const failedPrecondition = (message: string) => new AppError('FAILED_PRECONDITION', message);
export const resourceExhausted = (message: string) => new AppError('RESOURCE_EXHAUSTED', message);
export const deadlineExceeded = (message: string) => new AppError('DEADLINE_EXCEEDED', message);

export const INTERNAL_MESSAGE = '系统繁忙，请稍后再试';
