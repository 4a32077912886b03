import { topic } from '../course/schemas';
import { id, mobile, optionalText, text, z } from '../_shared/validate';

export const teacherFields = {
  name: text('姓名', 20),
  organisation: text('工作单位', 60),
  title: text('职称或职务', 30),
  field: text('专业领域', 30),
  topics: z.array(topic, { error: '请选择擅长的课程主题' }).min(1, '请至少选择一个擅长的课程主题').max(10, '课程主题最多选十个'),
  phone: mobile(),
  cv: optionalText('个人简介', 500),
};

export const teacherIdField = () => id('讲师');
export const branchIdField = () => id('分校');
export const letterNumberField = () => z.string({ error: '请填写聘书编号' }).trim().min(1, '请填写聘书编号').max(40, '聘书编号格式不正确');
export const yearField = () => z.number({ error: '年份应为数字' }).int('年份应为整数').min(2020, '年份不能早于2020年').max(2100, '年份不正确');
