// The embed's page code, bundled alone for the Chromium tests (tests/e2e): the indexer,
// the context and the steps, run in a real browser on test pages without a server.
import { buildContext } from "../src/dom/context";
import { elementById } from "../src/dom/ids";
import { indexPage } from "../src/dom/indexer";
import { runStep, type Step } from "../src/dom/actions";
import { waitForSettle, watchNetwork } from "../src/dom/settle";

watchNetwork(window);
const settle = (): Promise<unknown> => waitForSettle({ quietMs: 120, timeoutMs: 4000 });

(window as unknown as Record<string, unknown>).__lf = {
  context: () => buildContext(document, null),
  index: () => indexPage(document).elements,
  step: (step: Step) => runStep(step, { afterStep: settle, settle }),
  element: (id: number) => elementById(id),
};
