import { AppError, INTERNAL_MESSAGE } from '../_shared/errors';

export const internal = () => new AppError('INTERNAL', INTERNAL_MESSAGE);
