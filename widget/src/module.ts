// The npm package's entry: `import { start } from "leflux-widget"` in a single-page app.
// Importing starts nothing (and touches no browser global); `start()` does.

export { start, VERSION } from "./start";
export type {
  ActionExecuted,
  ConnectionStatus,
  HistoryMessage,
  LeFluxApi,
  LeFluxEventName,
  LeFluxEvents,
  PageContext,
  PlanAction,
  StartOptions,
  Step,
  StringKey,
  ToolDefinition,
} from "./api";
