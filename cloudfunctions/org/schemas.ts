import { LEADER_TITLES } from '../_shared/org';
import { id, text, z } from '../_shared/validate';

/** Field builders shared by the org actions (messages name the field and say how to fix it). */
export const pointIdField = () => id('教学点编号');
export const branchIdField = () => id('分校编号');
/** A branch (`br_…`) or point (`pt_…`) id. */
export const unitIdField = () => id('单位编号');
export const openidField = () => id('人员编号');

export const latLng = (label: string) =>
  z.object(
    {
      latitude: z.number({ error: `${label}的纬度应为数字` }).min(-90, `${label}的纬度应在 -90 到 90 之间`).max(90, `${label}的纬度应在 -90 到 90 之间`),
      longitude: z
        .number({ error: `${label}的经度应为数字` })
        .min(-180, `${label}的经度应在 -180 到 180 之间`)
        .max(180, `${label}的经度应在 -180 到 180 之间`),
    },
    { error: `${label}格式不正确，请重新在地图上选点` },
  );

export const pointName = () => text('教学点名称', 40, 2);
export const pointAddress = () => text('教学点地址', 100, 4);
export const leaderName = () => text('负责人姓名', 20, 2);
export const leaderTitle = () => z.enum(LEADER_TITLES, { error: '负责人职务请选择「社区党委副书记」或「教科文卫委员」' });

/** A public contact number: an 11-digit mobile, or a landline with its area code (023-6388 1234). */
export const contactPhone = () =>
  z
    .string({ error: '联系电话请填写手机号或带区号的座机号' })
    .transform((v) => v.replace(/[\s-]/g, ''))
    .refine((v) => /^(1\d{10}|0\d{9,11})$/.test(v), '联系电话请填写11位手机号，或带区号的座机号（如 023-63881234）');

export const roleField = () =>
  z.enum(['head_admin', 'branch_admin', 'point_admin', 'team_leader'], { error: '职务应为分校管理员或教学点负责人，请重新选择' });
