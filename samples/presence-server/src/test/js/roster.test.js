import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActorRoster, mergePatch, tabSessionId } from '../../main/resources/public/presence-client.js';
import { row } from './fakes.js';

const ids = actors => actors.map(actor => actor.actorId);

test('snapshot_withTwoSessionsOfOneActor_joinsTheActorOnceWithTwoDevices', () => {
  const roster = new ActorRoster();

  const changes = roster.applySnapshot([row('ada', 'laptop'), row('ada', 'phone'), row('bob', 'tab')], 3);

  assert.deepEqual(ids(changes.joined), ['ada', 'bob']);
  assert.equal(roster.actor('ada').devices, 2);
  assert.equal(roster.version, 3);
});

test('diff_addingASecondDeviceOfAPresentActor_isAnUpdateNotAJoin', () => {
  const roster = new ActorRoster();
  roster.applySnapshot([row('ada', 'laptop')], 1);

  const changes = roster.applyDiff({ version: 2, added: [row('ada', 'phone')], changed: [], removed: [] });

  assert.deepEqual(changes.joined, []);
  assert.deepEqual(ids(changes.updated), ['ada']);
  assert.equal(roster.actor('ada').devices, 2);
});

test('diff_removingOneOfTwoDevices_keepsTheActorPresent', () => {
  const roster = new ActorRoster();
  roster.applySnapshot([row('ada', 'laptop'), row('ada', 'phone')], 1);

  const changes = roster.applyDiff({ version: 2, added: [], changed: [], removed: [row('ada', 'phone')] });

  assert.deepEqual(changes.left, []);
  assert.deepEqual(ids(changes.updated), ['ada']);
  assert.equal(roster.actor('ada').devices, 1);
});

test('diff_removingTheLastDevice_leavesTheActor', () => {
  const roster = new ActorRoster();
  roster.applySnapshot([row('ada', 'laptop'), row('bob', 'tab')], 1);

  const changes = roster.applyDiff({ version: 2, added: [], changed: [], removed: [row('ada', 'laptop')] });

  assert.deepEqual(ids(changes.left), ['ada']);
  assert.deepEqual(ids(roster.actors), ['bob']);
});

test('diff_afterSnapshot_appliesAddedChangedAndRemovedRowsAndTakesItsVersion', () => {
  const roster = new ActorRoster();
  roster.applySnapshot([row('ada', 'laptop'), row('bob', 'tab')], 7);

  const changes = roster.applyDiff({
    version: 8,
    added: [row('cy', 'tab', { joinedAt: 2000 })],
    changed: [row('ada', 'laptop', { state: { name: 'Ada', cursor: { x: 0.5, y: 0.25 } } })],
    removed: [row('bob', 'tab')],
  });

  assert.deepEqual(ids(changes.joined), ['cy']);
  assert.deepEqual(ids(changes.left), ['bob']);
  assert.deepEqual(ids(changes.updated), ['ada']);
  assert.deepEqual(roster.actor('ada').state.cursor, { x: 0.5, y: 0.25 });
  assert.equal(roster.version, 8);
});

test('snapshot_afterReconnectWithTheSameActors_neitherLeavesNorJoins', () => {
  const roster = new ActorRoster();
  roster.applySnapshot([row('ada', 'laptop'), row('bob', 'tab')], 4);

  const changes = roster.applySnapshot([row('ada', 'laptop'), row('bob', 'tab', { heartbeatAt: 5000 })], 9);

  assert.deepEqual(changes.joined, []);
  assert.deepEqual(changes.left, []);
  assert.deepEqual(ids(changes.updated), ['bob']);
});

test('actor_state_isTheStateOfItsLatestHeartbeat', () => {
  const roster = new ActorRoster();

  roster.applySnapshot([
    row('ada', 'laptop', { heartbeatAt: 2000, state: { name: 'Ada', status: 'busy' } }),
    row('ada', 'phone', { heartbeatAt: 1500, state: { name: 'Ada', status: 'online' } }),
  ], 1);

  assert.equal(roster.actor('ada').state.status, 'busy');
});

test('diff_patched_setsTheChangedFieldsOnTheRowItNames', () => {
  const roster = new ActorRoster();
  const laptop = row('ada', 'laptop', { state: { name: 'Ada' } });
  roster.applySnapshot([laptop, row('bob', 'tab')], 1);

  const changes = roster.applyDiff({ version: 2, patched: [{ id: laptop.id, state: { name: 'Ada', status: 'busy' } }] });

  assert.deepEqual(ids(changes.updated), ['ada']);
  assert.deepEqual(roster.actor('ada').sessions, [{ ...laptop, state: { name: 'Ada', status: 'busy' } }]);
  assert.equal(roster.version, 2);
});

test('actor_state_afterADiff_isTheStateOfTheSessionThatChangedLast', () => {
  const roster = new ActorRoster();
  const laptop = row('ada', 'laptop', { heartbeatAt: 1500, state: { status: 'online' } });
  roster.applySnapshot([laptop, row('ada', 'phone', { heartbeatAt: 2000, state: { status: 'away' } })], 1);

  roster.applyDiff({ version: 2, patched: [{ id: laptop.id, state: { status: 'busy' } }] });

  assert.equal(roster.actor('ada').state.status, 'busy');
});

test('mergePatch_mergesObjectsRemovesNullsAndReplacesTheRest', () => {
  const merged = mergePatch({ name: 'Ada', cursor: { x: 1, y: 2 }, tags: [1] }, { cursor: { y: 3 }, tags: [2], name: null });

  assert.deepEqual(merged, { cursor: { x: 1, y: 3 }, tags: [2] });
});

test('tabSessionId_isStableForOneTabsStorage', () => {
  const values = new Map();
  const storage = { getItem: key => values.get(key) ?? null, setItem: (key, value) => values.set(key, value) };

  const first = tabSessionId(storage);

  assert.equal(tabSessionId(storage), first);
  assert.notEqual(tabSessionId({ getItem: () => null, setItem: () => {} }), first);
});
