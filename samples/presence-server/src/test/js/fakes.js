/** Test doubles for the presence client: a scriptable WebSocket and a manual clock with timers. */

export class FakeSocket {
  static instances = [];

  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.closedWith = null;
    FakeSocket.instances.push(this);
  }

  static reset() {
    FakeSocket.instances = [];
  }

  static get last() {
    return FakeSocket.instances.at(-1);
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  close(code, reason) {
    this.readyState = 3;
    this.closedWith = { code, reason };
  }

  /** The server accepted the socket. */
  open() {
    this.readyState = 1;
    this.onopen?.();
  }

  /** The server sent a frame. */
  receive(frame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  /** The connection went away. */
  drop(code = 1006, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  /** @returns the mutate frames sent with this name, e.g. 'presence:cursor' */
  mutations(name) {
    return this.sent.filter(frame => frame.type === 'mutate' && frame.name === name);
  }

  /** Answers every mutation sent so far that has no answer yet. */
  ackAll(result = {}) {
    this.acked ??= new Set();
    for (const frame of this.sent.filter(f => f.type === 'mutate' && !this.acked.has(f.mutationId))) {
      this.acked.add(frame.mutationId);
      this.receive({ type: 'ack', mutationId: frame.mutationId, result });
    }
  }
}

export class ManualScheduler {
  constructor() {
    this.time = 0;
    this.timers = new Map();
    this.nextId = 1;
    this.randomValue = 0.5;
  }

  setTimeout = (fn, ms) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, fn, ms });
    return id;
  };

  clearTimeout = id => {
    this.timers.delete(id);
  };

  now = () => this.time;

  random = () => this.randomValue;

  /** @returns the delays of the timers now pending, soonest first */
  pendingDelays() {
    return [...this.timers.values()].map(timer => timer.ms).sort((a, b) => a - b);
  }

  /** Moves time forward, firing due timers in order. */
  async advance(ms) {
    const until = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) {
        break;
      }
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
      await settle();
    }
    this.time = until;
  }
}

/** Lets pending promise callbacks run. */
export function settle() {
  return new Promise(resolve => setImmediate(resolve));
}

/** A presence session row as the server sends it. */
export function row(actorId, sessionId, extra = {}) {
  return {
    id: `acme|doc-1|${actorId}|${sessionId}`,
    scope: 'acme',
    channel: 'doc-1',
    actorId,
    sessionId,
    state: { name: actorId },
    activity: 'active',
    joinedAt: 1000,
    heartbeatAt: 1000,
    activeAt: 1000,
    expiresAt: 31000,
    ...extra,
  };
}
