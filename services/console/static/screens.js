// Every screen of the console and who may open it. The navigation is built from this list, so a
// new page (e.g. the outreach pages) is one view module and one entry here: `label` is a string key
// (strings.js or the view's own), `roles` who sees it, `render(root, ctx, route)` returns {stop()},
// `badge` names a counter of the shell ("emergency", "attention") shown beside the label.

import { renderQueue } from "./views/queue.js";
import { renderMine, renderAll } from "./views/lists.js";
import { renderFailures } from "./views/failures.js";
import { renderHistory } from "./views/history.js";
import { renderTemplates } from "./views/templates.js";
import { renderSettings } from "./views/settings.js";
import { renderCase } from "./views/case.js";
import { renderReports, renderReportsPrint } from "./views/reports.js";
import { renderOutreachQueue } from "./views/outreach_queue.js";
import { renderOutreachCalendar } from "./views/outreach_calendar.js";
import { renderOutreachToday } from "./views/outreach_today.js";
import { renderOutreachFigures } from "./views/outreach_figures.js";
import { renderOutreachSchedule } from "./views/outreach_schedule.js";

export const CASE_ROLES = ["counselor", "supervisor"];
const COORDINATOR = "outreach_coordinator";
const WORKER = "outreach_worker";

export const SCREENS = [
  { name: "queue", label: "nav.queue", roles: CASE_ROLES, render: renderQueue, badge: "emergency" },
  { name: "mine", label: "nav.mine", roles: CASE_ROLES, render: renderMine },
  { name: "all", label: "nav.all", roles: ["supervisor"], render: renderAll },
  { name: "failures", label: "nav.failures", roles: ["supervisor"], render: renderFailures, badge: "attention" },
  { name: "history", label: "nav.history", roles: CASE_ROLES, render: renderHistory },
  { name: "templates", label: "nav.templates", roles: ["supervisor"], render: renderTemplates },
  { name: "settings", label: "nav.settings", roles: CASE_ROLES, render: renderSettings },
  { name: "reports", label: "nav.reports", roles: ["supervisor", "admin"], render: renderReports },
  { name: "outreach", label: "nav.outreach", roles: [COORDINATOR, "supervisor"], render: renderOutreachQueue, badge: "outreach" },
  { name: "outreach-week", label: "nav.outreachWeek", roles: [COORDINATOR, WORKER, "supervisor"], render: renderOutreachCalendar },
  { name: "outreach-today", label: "nav.outreachToday", roles: [WORKER, COORDINATOR], render: renderOutreachToday },
  { name: "outreach-figures", label: "nav.outreachFigures", roles: [COORDINATOR, "supervisor", "admin"], render: renderOutreachFigures },
];

/** Screens reached by link only (not in the navigation). */
export const LINKED = [
  { name: "case", roles: CASE_ROLES, render: renderCase },
  { name: "reports-print", roles: ["supervisor", "admin"], render: renderReportsPrint },
  { name: "outreach-schedule", roles: [COORDINATOR], render: renderOutreachSchedule },
];

export function screensFor(role) {
  return SCREENS.filter((s) => s.roles.includes(role));
}

export function screenOf(name, role) {
  return [...SCREENS, ...LINKED].find((s) => s.name === name && s.roles.includes(role)) || null;
}
