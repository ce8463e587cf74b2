// A joined session's transcript, shown again in the panel: messages, the blocks the
// widget draws, and the gate's questions inert with their answers.

import type { Panel } from "./ui/panel";

type Payload = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === "string" ? v : "");

// The gate's question, answered, in the history (shown inert with its answer).
const GATE_BLOCK = "confirmation";
const BLOCK_TYPES = new Set(["choices", "product_cards", "link_list", "form_summary", "steps"]);

/** A ui_block the widget draws (others are not shown). */
export function isShownBlock(blockType: string): boolean {
  return BLOCK_TYPES.has(blockType);
}

export function showHistory(panel: Panel, history: Payload[]): void {
  for (const m of history) {
    const role = m.role === "visitor" ? "visitor" : "agent";
    if (role === "visitor") panel.settleChoices(str(m.text)); // answered since
    const block = str(m.blockType);
    if (block === GATE_BLOCK && m.data && typeof m.data === "object") {
      panel.addAnsweredGate(str(m.text), m.data as Payload);
    } else if (block && isShownBlock(block) && m.data && typeof m.data === "object") {
      panel.addBlock(block, m.data as Payload, str(m.text) || undefined);
    } else if (str(m.text)) {
      panel.addMessage(role, str(m.text), { id: str(m.id) });
    }
  }
}
