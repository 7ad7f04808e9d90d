import type { AgentServices } from '../services.js';
import { bookMeetingTool, type BookMeetingArgs } from './book_meeting.js';
import { calculateRoiTool, type CalculateRoiArgs } from './calculate_roi.js';
import { changeMeetingTool, type ChangeMeetingArgs } from './change_meeting.js';
import { checkAvailabilityTool, type CheckAvailabilityArgs } from './check_availability.js';
import { compareCompetitorTool, type CompareCompetitorArgs } from './compare_competitor.js';
import { recordQualificationTool, type RecordQualificationArgs } from './record_qualification.js';
import { requestHumanTool, type RequestHumanArgs } from './request_human.js';
import { searchKnowledgeTool, type SearchKnowledgeArgs } from './search_knowledge.js';
import { sendResourceTool, type SendResourceArgs } from './send_resource.js';

export { TOOL_NAMES, type ToolName } from './kit.js';
export { isValidEmail } from './book_meeting.js';

/** Sarah's tools. The first eight names are a stable contract with QA scripts. */
export function createTools(services: AgentServices) {
  return {
    search_knowledge: searchKnowledgeTool(services),
    compare_competitor: compareCompetitorTool(services),
    record_qualification: recordQualificationTool(services),
    check_availability: checkAvailabilityTool(services),
    book_meeting: bookMeetingTool(services),
    calculate_roi: calculateRoiTool(services),
    send_resource: sendResourceTool(services),
    request_human: requestHumanTool(services),
    change_meeting: changeMeetingTool(services),
  };
}

export type SarahTools = ReturnType<typeof createTools>;

/** A tool call the offline brain plans, typed by the same schemas the tools validate with. */
export type PlannedCall =
  | { name: 'search_knowledge'; args: SearchKnowledgeArgs }
  | { name: 'compare_competitor'; args: CompareCompetitorArgs }
  | { name: 'record_qualification'; args: RecordQualificationArgs }
  | { name: 'check_availability'; args: CheckAvailabilityArgs }
  | { name: 'book_meeting'; args: BookMeetingArgs }
  | { name: 'calculate_roi'; args: CalculateRoiArgs }
  | { name: 'send_resource'; args: SendResourceArgs }
  | { name: 'request_human'; args: RequestHumanArgs }
  | { name: 'change_meeting'; args: ChangeMeetingArgs };
