// Streamed replies: chunks assembled by chunkIndex, duplicates ignored, locked by
// message_done (re-sent chunks after a reconnect arrive with the same indexes).

interface Stream {
  chunks: Map<number, string>;
  done: boolean;
  text: string;
}

export class StreamAssembler {
  private readonly streams = new Map<string, Stream>();

  private get(id: string): Stream {
    let s = this.streams.get(id);
    if (!s) {
      s = { chunks: new Map(), done: false, text: "" };
      this.streams.set(id, s);
    }
    return s;
  }

  /** Adds a chunk; returns the text so far, or null when nothing changed. */
  chunk(streamId: string, chunkIndex: number, delta: string): string | null {
    const s = this.get(streamId);
    if (s.done || !Number.isInteger(chunkIndex) || chunkIndex < 0 || s.chunks.has(chunkIndex)) {
      return null;
    }
    s.chunks.set(chunkIndex, delta);
    // Show the contiguous prefix; a late chunk fills its gap when it comes.
    let text = "";
    for (let i = 0; s.chunks.has(i); i++) text += s.chunks.get(i);
    if (text === s.text) return null;
    s.text = text;
    return text;
  }

  /** Locks the stream with the server's whole text. */
  done(streamId: string, text: string): void {
    const s = this.get(streamId);
    s.done = true;
    s.text = text;
  }

  isDone(streamId: string): boolean {
    return this.streams.get(streamId)?.done ?? false;
  }

  /** Streams still open (to re-show after a history re-render). */
  open(): Array<[string, string]> {
    return [...this.streams].filter(([, s]) => !s.done && s.text).map(([id, s]) => [id, s.text]);
  }
}
