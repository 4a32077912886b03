import type { VolunteerApi } from '../../typings/volunteer';
import { createFunction } from '../_shared/handler';
import { createActivity, getActivity, listActivities } from './actions/activities';
import { certificate } from './actions/certificate';
import { exportRecords } from './actions/export';
import { listClaims, logHours, reviewHours } from './actions/hours';
import { cancelActivity, updateActivity } from './actions/manage-activity';
import { joinTeam, leaveTeam, listMembers, reviewMember } from './actions/members';
import { myHours, myRecords } from './actions/my';
import { myOfficer, officerStats, recordShare, registerOfficer } from './actions/officer';
import { signIn, signinCode, signOut } from './actions/onsite';
import { myProfile, register } from './actions/register';
import { teamReport } from './actions/report';
import { unregister } from './actions/unregister';
import { cancelSignup, signupActivity } from './actions/signup';
import { changeLeader, createTeam, getTeam, listTeams } from './actions/teams';

/** Science volunteer service and 科普信息员 (README.md beside this file lists every action). */
export const main = createFunction<VolunteerApi>('volunteer', {
  register,
  myProfile,
  unregister,
  createTeam,
  listTeams,
  getTeam,
  changeLeader,
  joinTeam,
  leaveTeam,
  reviewMember,
  listMembers,
  createActivity,
  updateActivity,
  cancelActivity,
  listActivities,
  getActivity,
  signupActivity,
  cancelSignup,
  signinCode,
  signIn,
  signOut,
  logHours,
  reviewHours,
  listClaims,
  myHours,
  myRecords,
  certificate,
  teamReport,
  export: exportRecords,
  registerOfficer,
  myOfficer,
  recordShare,
  officerStats,
});
