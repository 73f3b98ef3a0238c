import { Policy } from '../../src/core/policy/policy';
import { RoomsRepository } from '../../src/conversations/rooms/store/rooms.repository';
import { AppConfig } from '../../src/core/config/app-config.service';
import { PreparedStatements } from '../../src/core/database/prepared-statements';
import { ReadReplicas } from '../../src/core/database/read-replicas';
import { MessageLog } from '../../src/conversations/messages/store/message-log';
import { MessagesRepository } from '../../src/conversations/messages/store/messages.repository';
import { MediumDatabase, openMediumDatabase } from './support/medium-database';
import { Measurements } from '../../src/core/metrics/measurements';
import {
  describeCase,
  documentedRefusals,
  everyPostingCase,
  inactiveRoomCases,
  insertPostingFixtures,
  PostingCase,
  PostingFixture,
} from './support/posting-cases';

/**
 * The posting rules have two homes: SQL inside the send statement (MessageLog's
 * MAY_POST and slow gate decide whether a message is written) and TypeScript
 * (the policy's 'room.post' rule, which tells the client why not). Over every combination of
 * what the rules read, both must give the answer docs/moderation.md gives.
 */
describe("posting rules: the send statement and the policy's room.post agree", () => {
  let db: MediumDatabase;
  let rooms: RoomsRepository;
  let messages: MessagesRepository;
  let log: MessageLog;

  beforeAll(async () => {
    db = await openMediumDatabase();
    const config = { get: (key: string) => ({ MENTION_ROOM_ROLES: ['owner', 'admin'], SEARCH_LANGUAGE: 'simple' })[key] } as unknown as AppConfig;
    const statements = new PreparedStatements(db.dataSource, new Measurements());
    const replicas = new ReadReplicas(config, statements, new Measurements()); // none configured: every read is the primary's
    rooms = new RoomsRepository(db.dataSource, statements, replicas);
    messages = new MessagesRepository(db.dataSource, statements, config, replicas);
    log = new MessageLog(statements, config);
  });

  afterAll(() => db?.close());

  /** Some 7,000 short queries: 5 s on an idle machine, past 30 s on a busy one. */
  const CASES_TIMEOUT_MS = 180_000;

  /** What MessagesService.whyNotWritten reads and tells: the room with the membership, then Policy's 'room.post'. */
  async function refusalCode(f: PostingFixture): Promise<string | null> {
    const found = await rooms.findWithMembership(f.roomId, f.senderId);
    if (!found?.membership) throw new Error(`case rows missing: ${describeCase(f)}`);
    const facts = await messages.postingFacts(found.room, f.senderId, found.membership.role);
    const sender = { id: f.senderId, role: 'user', userType: 'consumer' } as const;
    const refusal = Policy.refusal(sender, 'room.post', { room: found.room, membership: found.membership, ...facts });
    return refusal?.code ?? null;
  }

  /** A few at a time: the pool has 4 connections. */
  async function refusalCodes(fixtures: PostingFixture[]): Promise<(string | null)[]> {
    const codes: (string | null)[] = [];
    for (let i = 0; i < fixtures.length; i += 16) codes.push(...(await Promise.all(fixtures.slice(i, i + 16).map(refusalCode))));
    return codes;
  }

  /** Sends one message per case through the send statement; lists every case where SQL, TypeScript and the docs do not agree. */
  async function disagreements(cases: PostingCase[]): Promise<{ problems: string[]; told: (string | null)[] }> {
    const fixtures = await insertPostingFixtures(db.dataSource, cases);
    // The facts as the send finds them, then the send itself: one batch, through the prepared statement the send path uses.
    const before = await refusalCodes(fixtures);
    const written = await log.appendBatch(
      fixtures.map((f) => ({ roomId: f.roomId, senderId: f.senderId, type: 'text', content: 'hi', memberOnly: true })),
    );
    // A refused send is explained afterwards (whyNotWritten): the refusal must not have changed what the explanation reads.
    const refused = fixtures.filter((_, i) => written[i] === null);
    const after = new Map((await refusalCodes(refused)).map((code, i) => [refused[i], code]));

    const problems = fixtures.flatMap((f, i) => {
      const documented = documentedRefusals(f)[0] ?? null;
      const sql = written[i] ? null : 'refused';
      const found: string[] = [];
      if ((sql === null) !== (before[i] === null)) found.push(`SQL ${sql ?? 'allows'}, TypeScript ${before[i] ?? 'allows'}`);
      if (before[i] !== documented) found.push(`TypeScript says ${before[i] ?? 'allowed'}, docs say ${documented ?? 'allowed'}`);
      if (sql && after.get(f) !== before[i]) found.push(`told ${after.get(f) ?? 'nothing'} after the refused send, ${before[i]} before it`);
      return found.map((p) => `${describeCase(f)}: ${p}`);
    });
    return { problems, told: before };
  }

  it(
    'allows a send in SQL exactly when the policy finds nothing, and names the documented rule otherwise',
    async () => {
      const { problems, told } = await disagreements(everyPostingCase());
      expect(problems).toEqual([]);
      // The combinations really cover both answers and every refusal.
      expect(new Set(told)).toEqual(new Set([null, 'room_archived', 'member_muted', 'posting_restricted', 'blocked', 'slow_mode']));
    },
    CASES_TIMEOUT_MS,
  );

  it(
    'tells a send to a deactivated room room_inactive unless a posting rule refused it first',
    async () => {
      const { problems, told } = await disagreements(inactiveRoomCases());
      expect(problems).toEqual([]);
      expect(new Set(told)).toEqual(new Set(['room_inactive', 'room_archived', 'member_muted', 'slow_mode']));
    },
    CASES_TIMEOUT_MS,
  );
});
