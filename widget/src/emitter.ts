// window.LeFlux.on(): host-page callbacks, each isolated so one cannot break the embed.

type Callback = (payload: unknown) => void;

export class Emitter {
  private readonly handlers = new Map<string, Set<Callback>>();

  on(event: string, cb: Callback): () => void {
    if (typeof cb !== "function") return () => undefined;
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
    }
    set.add(cb);
    return () => set!.delete(cb);
  }

  emit(event: string, payload: unknown): void {
    for (const cb of this.handlers.get(event) ?? []) {
      try {
        cb(payload);
      } catch (err) {
        console.warn("[LeFlux] an on(" + event + ") callback failed", err);
      }
    }
  }
}
