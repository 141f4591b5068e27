/**
 * The peer of scenario 4b, configured as GraphQL Mesh's docs suggest for a REST API without an OpenAPI
 * document: a JSON Schema source built from response samples, plus `@resolveTo` links for the nesting.
 * `VCONNCT_URL` and `VCONNCT_LICENSE` point it at the benchmark's VConnct simulator.
 */
import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadJSONSchemaSubgraph } from '@omnigraph/json-schema';

const envelope = (data: unknown) => ({ status: true, status_code: 200, message: 'success', data, success_message: 'ok' });

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadJSONSchemaSubgraph('VConnct', {
        endpoint: process.env.VCONNCT_URL ?? 'http://127.0.0.1:1/api/v1',
        operationHeaders: { license: process.env.VCONNCT_LICENSE ?? '' },
        operations: [
          {
            type: 'Query',
            field: 'list_meetings',
            path: '/list_meetings/',
            method: 'GET',
            responseTypeName: 'MeetingList',
            responseSample: envelope([
              { meeting_id: 'm1', title: 'Weekly', is_running: false, moderator_password: 'x', welcome_text: 'hi' },
            ]),
          },
          {
            type: 'Query',
            field: 'list_sessions',
            path: '/list_sessions/?meeting_id={args.meeting_id}',
            method: 'GET',
            argTypeMap: { meeting_id: { type: 'string' } },
            responseTypeName: 'SessionList',
            responseSample: envelope([
              {
                session_id: 's1',
                title: 'Weekly',
                session_start_time: '2026-11-30 10:00:00',
                session_end_time: '2026-11-30 11:00:00',
                attendee_password: 'x',
                status: false,
              },
            ]),
          },
          {
            type: 'Query',
            field: 'list_attendance',
            path: '/list_attendance/?session_id={args.session_id}',
            method: 'GET',
            argTypeMap: { session_id: { type: 'string' } },
            responseTypeName: 'AttendanceList',
            responseSample: envelope([{ full_name: 'Ada', joined_date: '2026-11-30 10:01:00' }]),
          },
          {
            type: 'Query',
            field: 'get_record',
            path: '/get_record/?session_id={args.session_id}',
            method: 'GET',
            argTypeMap: { session_id: { type: 'string' } },
            responseTypeName: 'RecordResult',
            responseSample: envelope({ playback_url: 'https://example.org/playback' }),
          },
        ],
      }),
    },
  ],
  additionalTypeDefs: /* GraphQL */ `
    extend type query_list_meetings_data_items {
      sessions: SessionList
        @resolveTo(
          sourceName: "VConnct"
          sourceTypeName: "Query"
          sourceFieldName: "list_sessions"
          requiredSelectionSet: "{ meeting_id }"
          sourceArgs: { meeting_id: "{root.meeting_id}" }
        )
    }
    extend type query_list_sessions_data_items {
      attendance: AttendanceList
        @resolveTo(
          sourceName: "VConnct"
          sourceTypeName: "Query"
          sourceFieldName: "list_attendance"
          requiredSelectionSet: "{ session_id }"
          sourceArgs: { session_id: "{root.session_id}" }
        )
      record: RecordResult
        @resolveTo(
          sourceName: "VConnct"
          sourceTypeName: "Query"
          sourceFieldName: "get_record"
          requiredSelectionSet: "{ session_id }"
          sourceArgs: { session_id: "{root.session_id}" }
        )
    }
  `,
});
