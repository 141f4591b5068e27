import { allocloudModule } from '../../datasources/allocloud/index.js';
import { startAllocloudSimulator } from '../../datasources/allocloud/simulator.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { vconnctModule } from '../../datasources/vconnct/index.js';
import { startVconnctSimulator } from '../../datasources/vconnct/simulator.js';
import { codes, startApi, type TestApi } from '../helpers/api.js';

const CREATE = /* GraphQL */ `
  mutation Create($connectionId: ID!, $input: AllocloudAccountInput!) {
    createAllocloudAccount(connectionId: $connectionId, input: $input) {
      id
      name
      accountType
      numberOfMeetings
      paidUntil
    }
  }
`;

describe('createAllocloudAccount (ALLOcloud reseller mutation)', () => {
  let allo: RunningSimulator;
  let vc: RunningSimulator;
  let api: TestApi;
  const input = {
    accountType: 'premium',
    adminFirstname: 'Ada',
    adminLastname: 'Keller',
    adminEmail: 'ada.keller@example.com',
    adminPreferredLanguage: 'de',
    paidUntil: '2027-12-31T00:00:00.000Z',
  };

  beforeAll(async () => {
    allo = await startAllocloudSimulator({ seed: 5 });
    vc = await startVconnctSimulator({ seed: 5 });
    api = await startApi({ connections: [allocloudModule.sandboxConnection(allo, 'allo'), vconnctModule.sandboxConnection(vc, 'vc')] });
  });
  afterAll(async () => {
    await api.stop();
    await allo.close();
    await vc.close();
  });

  it('creates an account, and a second one for the same admin is VENDOR_REJECTED', async () => {
    const created = await api.gql(CREATE, { connectionId: 'allo', input });
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.createAllocloudAccount).toMatchObject({ accountType: 'premium', paidUntil: '2027-12-31T00:00:00.000Z' });
    expect(allo.control.calls('account.create')).toBe(1);
    const duplicate = await api.gql(CREATE, { connectionId: 'allo', input });
    expect(codes(duplicate)).toEqual(['VENDOR_REJECTED']);
    expect(duplicate.body.errors?.[0]?.extensions).toMatchObject({ vendor: 'ALLOCLOUD', connectionId: 'allo' });
  });

  it('is UNSUPPORTED_BY_VENDOR on another vendor and BAD_USER_INPUT on a bad email', async () => {
    const other = await api.gql(CREATE, { connectionId: 'vc', input: { ...input, adminEmail: 'x@example.com' } });
    expect(codes(other)).toEqual(['UNSUPPORTED_BY_VENDOR']);
    const bad = await api.gql(CREATE, { connectionId: 'allo', input: { ...input, adminEmail: 'not-an-email' } });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.body.errors?.[0]?.extensions?.field).toBe('input.adminEmail');
  });
});
