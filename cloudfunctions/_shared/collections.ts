/**
 * The one registry of database collection names. Every name here is declared in
 * database/indexes.json (which deploy:db creates in CloudBase, and the local engine at start), and
 * every declared collection is here: a test checks both ways, and fails on a collection name
 * written anywhere else in the functions. CloudBase refuses reads and writes of a collection that
 * was never created, so a name missing from the declaration would fail in production.
 */
export const COLLECTIONS = {
  // org, user and shared
  branches: 'branches',
  points: 'points',
  learners: 'learners',
  roles: 'roles',
  audit: 'audit',
  outbox: 'outbox',
  rateLimits: 'rateLimits',
  staffCodes: 'staffCodes',
  // course
  courses: 'courses',
  signups: 'signups',
  // quiz
  questions: 'questions',
  questionVersions: 'questionVersions',
  quizzes: 'quizzes',
  quizAttempts: 'quizAttempts',
  quizBests: 'quizBests',
  quizTitles: 'quizTitles',
  quizPractice: 'quizPractice',
  quizRankCounts: 'quizRankCounts',
  // volunteer
  volunteers: 'volunteers',
  volunteerTeams: 'volunteerTeams',
  teamMembers: 'teamMembers',
  volunteerActivities: 'volunteerActivities',
  activitySignups: 'activitySignups',
  hourRecords: 'hourRecords',
  hourRecordChanges: 'hourRecordChanges',
  volunteerCertificates: 'volunteerCertificates',
  counters: 'counters',
  scienceOfficers: 'scienceOfficers',
  officerShareOpens: 'officerShareOpens',
  // teacher (师资库)
  teachers: 'teachers',
  teacherLetters: 'teacherLetters',
  // stats: maintained counters and one-per-person markers
  statCounters: 'statCounters',
  statMarks: 'statMarks',
  // sheet: XLSX imports' idempotency keys, exports produced in parts
  importKeys: 'importKeys',
  exportJobs: 'exportJobs',
  // resource (course resources, the premium library) and cases (outstanding science-day activities)
  resources: 'resources',
  resourceProgress: 'resourceProgress',
  resourceUsage: 'resourceUsage',
  courseResources: 'courseResources',
  activityCases: 'activityCases',
  caseQuotas: 'caseQuotas',
  // school (plans, demonstration points, 四化八有, funding, archives)
  pointYears: 'pointYears',
  schoolPlans: 'schoolPlans',
  planTemplates: 'planTemplates',
  demoApplications: 'demoApplications',
  demoHistory: 'demoHistory',
  verificationRounds: 'verificationRounds',
  rectifications: 'rectifications',
  checklistItems: 'checklistItems',
  fundingLedger: 'fundingLedger',
  // the local cloud's record of what it seeded (emulator/seed); unused by the functions
  meta: 'meta',
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];
