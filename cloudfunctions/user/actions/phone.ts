import type { PhoneFromCodeParams, PhoneFromCodeResult } from '../../../typings/user';
import { cloud } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { failedPrecondition } from '../../_shared/errors';
import { userAction } from '../../_shared/handler';
import { z } from '../../_shared/validate';

interface PhoneNumberApi {
  getPhoneNumber(p: { code: string }): Promise<{ phoneInfo?: { purePhoneNumber?: string; countryCode?: string } }>;
}

const CODE_REFUSED = '没能取到微信绑定的手机号，请再点一次“使用微信手机号”，或直接输入手机号';

/**
 * The number WeChat verified for `<button open-type="getPhoneNumber">`: the page sends the button's
 * one-time code and fills the form with the answer. Nothing is stored or logged here; the number is
 * saved only when the resident submits the form (enroll).
 */
export const phoneFromCode = userAction(
  params<PhoneFromCodeParams>()(z.object({ code: z.string({ error: '缺少微信给出的授权码' }).min(1, '缺少微信给出的授权码').max(128, '授权码不对，请重新获取') })),
  async (p): Promise<PhoneFromCodeResult> => {
    const api = (cloud.openapi as unknown as { phonenumber: PhoneNumberApi }).phonenumber;
    let answer: Awaited<ReturnType<PhoneNumberApi['getPhoneNumber']>>;
    try {
      answer = await api.getPhoneNumber({ code: p.code });
    } catch (error) {
      // WeChat refuses a used, expired or forged code with errCode 40029 (the SDK throws it).
      if ((error as { errCode?: unknown }).errCode === 40029) throw failedPrecondition(CODE_REFUSED);
      throw error;
    }
    const phone = answer.phoneInfo?.purePhoneNumber ?? '';
    const mainland = (answer.phoneInfo?.countryCode ?? '86') === '86' && /^1[3-9]\d{9}$/.test(phone);
    if (!mainland) throw failedPrecondition('微信绑定的不是中国大陆手机号，请直接输入手机号');
    return { phone };
  },
);
