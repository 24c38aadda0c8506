export {
  type Bus,
  type BusEvent,
  type BusHandler,
  createMemoryBus,
  createPgBus,
  MAX_PAYLOAD_BYTES,
  notifyInTransaction,
  type PgBus,
  type PgBusOptions,
} from './bus.ts';
export {
  ACCESS_CHANGED,
  CHANNEL_PATTERN,
  type ChannelPolicy,
  channelPolicies,
  isChannel,
  userChannel,
} from './channels.ts';
export {
  type ClientFrame,
  createRealtimeModule,
  type RealtimeLimits,
  type RealtimeModule,
  type RealtimeOptions,
  type ServerFrame,
  SESSION_ENDED,
  WS_PATH,
} from './ws.ts';
