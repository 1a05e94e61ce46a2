import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { PresenceClient, CLOSE_UNAUTHORIZED } from '../../main/resources/public/presence-client.js';
import { FakeSocket, ManualScheduler, row, settle } from './fakes.js';

let scheduler;
let events;

beforeEach(() => {
  FakeSocket.reset();
  scheduler = new ManualScheduler();
  events = [];
});

function client(options = {}) {
  return new PresenceClient({
    url: 'ws://server/sync/ws',
    token: 'signed-token',
    channel: 'doc-1',
    sessionId: 'tab-1',
    state: { name: 'Ada' },
    WebSocket: FakeSocket,
    scheduler,
    onJoin: actor => events.push(`join ${actor.actorId}`),
    onLeave: actor => events.push(`leave ${actor.actorId}`),
    onUpdate: actor => events.push(`update ${actor.actorId}`),
    onStatus: status => events.push(`status ${status}`),
    ...options,
  });
}

async function connected(presence) {
  presence.start();
  await settle();
  FakeSocket.last.open();
  return FakeSocket.last;
}

test('start_subscribesToTheChannelWithPatchesAndHeartbeatsWithTheFullStateAndTabSession', async () => {
  const socket = await connected(client());

  assert.equal(socket.url, 'ws://server/sync/ws?token=signed-token');
  assert.deepEqual(socket.sent[0], {
    type: 'subscribe', id: 'presence', collection: 'presence', params: { channel: 'doc-1' }, patches: true,
  });
  assert.deepEqual(socket.sent[1].args, { channel: 'doc-1', session: 'tab-1', active: true, state: { name: 'Ada' }, replace: true });
  assert.equal(socket.sent[1].name, 'presence:heartbeat');
});

test('reconnect_resubscribesWithSinceAndAppliesTheCatchUpWithoutRejoining', async () => {
  const presence = client();
  const first = await connected(presence);
  first.receive({ type: 'snapshot', id: 'presence', version: 5, rows: [row('ada', 'tab-1'), row('bob', 'tab')] });
  first.receive({ type: 'diff', id: 'presence', version: 6, added: [row('cy', 'tab')], changed: [], removed: [] });
  events.length = 0;

  first.drop();
  await scheduler.advance(10_000);
  const second = FakeSocket.last;
  second.open();
  second.receive({ type: 'diff', id: 'presence', version: 8, added: [], changed: [], removed: [row('bob', 'tab')] });

  assert.notEqual(second, first);
  assert.equal(second.sent[0].since, 6);
  assert.equal(presence.status, 'open');
  assert.deepEqual(events.filter(e => !e.startsWith('status')), ['leave bob']);
  assert.deepEqual(presence.actors.map(a => a.actorId), ['ada', 'cy']);
});

test('reconnect_whenTheServerAnswersWithASnapshot_reportsOnlyWhatChanged', async () => {
  const presence = client();
  const first = await connected(presence);
  first.receive({ type: 'snapshot', id: 'presence', version: 5, rows: [row('ada', 'tab-1'), row('bob', 'tab')] });
  events.length = 0;

  first.drop();
  await scheduler.advance(10_000);
  FakeSocket.last.open();
  FakeSocket.last.receive({ type: 'snapshot', id: 'presence', version: 90, rows: [row('ada', 'tab-1'), row('dee', 'tab')] });

  assert.deepEqual(events.filter(e => !e.startsWith('status')), ['join dee', 'leave bob']);
});

test('reconnect_delays_growExponentiallyWithJitterUpToTheCap', async () => {
  const presence = client({ backoffInitialMs: 500, backoffMaxMs: 4000 });
  await connected(presence);
  const delays = [];

  for (let attempt = 0; attempt < 5; attempt++) {
    scheduler.randomValue = attempt % 2;
    FakeSocket.last.drop();
    delays.push(scheduler.pendingDelays().at(-1));
    await scheduler.advance(delays.at(-1));
  }

  assert.deepEqual(delays, [250, 1000, 1000, 4000, 2000]);
  assert.equal(presence.status, 'reconnecting');
});

test('heartbeat_runsAtAThirdOfTheTtlTheServerReports', async () => {
  const socket = await connected(client());

  socket.ackAll({ ...row('ada', 'tab-1'), heartbeatAt: 1000, expiresAt: 31000 });
  await settle();
  await scheduler.advance(10_000);

  assert.equal(socket.mutations('presence:heartbeat').length, 2);
  assert.deepEqual(socket.mutations('presence:heartbeat')[1].args, { channel: 'doc-1', session: 'tab-1', active: true });
});

test('cursor_sendsAtMostOncePer50msAndAlwaysTheLatestValue', async () => {
  const presence = client();
  const socket = await connected(presence);

  for (let x = 1; x <= 5; x++) {
    presence.setCursor({ x, y: 0 });
    await scheduler.advance(10);
  }
  await scheduler.advance(100);

  assert.deepEqual(socket.mutations('presence:cursor').map(frame => frame.args.cursor.x), [1, 5]);
});

test('cursorOrTyping_whenTheServerLostTheSession_rejoinsWithAHeartbeat', async () => {
  const presence = client();
  const socket = await connected(presence);
  presence.setTyping(true);
  const typing = socket.mutations('presence:typing')[0];

  socket.receive({ type: 'reject', mutationId: typing.mutationId, error: { code: 'NOT_FOUND', message: 'no heartbeat' } });
  await settle();

  assert.equal(socket.mutations('presence:heartbeat').length, 2);
  assert.equal(socket.mutations('presence:heartbeat')[1].args.replace, true);
});

test('close4401_withAFixedToken_stopsAndReportsUnauthorized', async () => {
  const errors = [];
  const presence = client({ onError: error => errors.push(error.code) });
  const socket = await connected(presence);

  socket.drop(CLOSE_UNAUTHORIZED, 'token expired');

  assert.equal(presence.status, 'unauthorized');
  assert.deepEqual(errors, ['UNAUTHORIZED']);
  assert.deepEqual(scheduler.pendingDelays(), []);
});

test('close4401_withATokenFunction_reconnectsWithAFreshToken', async () => {
  let issued = 0;
  const presence = client({ token: async () => `token-${++issued}` });
  const socket = await connected(presence);

  socket.drop(CLOSE_UNAUTHORIZED, 'token expired');
  await scheduler.advance(10_000);

  assert.equal(FakeSocket.last.url, 'ws://server/sync/ws?token=token-2');
});

test('stop_withLeave_leavesTheChannelAndClosesNormally', async () => {
  const presence = client();
  const socket = await connected(presence);

  presence.stop({ leave: true });

  assert.deepEqual(socket.mutations('presence:leave')[0].args, { channel: 'doc-1', session: 'tab-1' });
  assert.equal(socket.closedWith.code, 1000);
  assert.equal(presence.status, 'closed');
});

test('patchState_mergesLocallyAndSendsOnlyThePatch', async () => {
  const presence = client();
  const socket = await connected(presence);

  presence.patchState({ status: 'busy' });

  assert.deepEqual(presence.state, { name: 'Ada', status: 'busy' });
  assert.deepEqual(socket.mutations('presence:heartbeat')[1].args.state, { status: 'busy' });
});

test('errorFrameForAMalformedMutation_settlesItAndReportsTheError', async () => {
  const errors = [];
  const presence = client({ onError: error => errors.push(error.code) });
  const socket = await connected(presence);
  const sent = presence.patchState({ status: 'busy' });
  const heartbeat = socket.mutations('presence:heartbeat').at(-1);

  socket.receive({ type: 'error', mutationId: heartbeat.mutationId, error: { code: 'BAD_FRAME', message: 'bad args' } });
  socket.receive({ type: 'error', error: { code: 'LIMIT_EXCEEDED', message: 'too many frames' } });

  assert.equal(await Promise.race([sent, settle().then(() => 'still pending')]), undefined);
  assert.deepEqual(errors, ['BAD_FRAME', 'LIMIT_EXCEEDED']);
});

test('patchState_resolvesToTheStoredRow', async () => {
  const presence = client();
  const socket = await connected(presence);
  const sent = presence.patchState({ status: 'busy' });

  socket.ackAll(row('ada', 'tab-1', { state: { name: 'Ada', status: 'busy' } }));

  assert.equal((await sent).state.status, 'busy');
});
