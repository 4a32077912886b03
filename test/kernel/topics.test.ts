import { TOPIC_LABELS as FUNCTION_LABELS, TOPICS } from '../../cloudfunctions/_shared/topics';
import { TOPIC_LABELS as PAGE_LABELS } from '../../miniprogram/utils/topics';
import { TOPICS as COURSE_TOPICS } from '../../cloudfunctions/course/model';
import { TOPICS as RESOURCE_TOPICS } from '../../cloudfunctions/resource/model';
import { TOPICS as SCHOOL_TOPICS } from '../../cloudfunctions/school/model';
import { TOPIC_LABELS as SHEET_LABELS } from '../../cloudfunctions/sheet/labels';

/** One list of topics and their names: the functions' and the pages' copies may never drift apart. */
test('the functions and the mini-program name the ten topics the same way', () => {
  expect(PAGE_LABELS).toEqual(FUNCTION_LABELS);
  expect(TOPICS.join('')).toBe('衣食住行用生长老病死');
  expect(Object.values(FUNCTION_LABELS).every((label) => label.length >= 4)).toBe(true);
});

test('every domain uses the shared list', () => {
  for (const list of [COURSE_TOPICS, RESOURCE_TOPICS, SCHOOL_TOPICS]) expect(list).toBe(TOPICS);
  expect(SHEET_LABELS).toBe(FUNCTION_LABELS);
});
