import { useQuery } from '@tanstack/react-query';
import { api } from '../../../../../web/api.ts';
import { queryClient } from '../../../../../web/session.ts';
import type {
  BillingPause,
  Coupon,
  InterestMail,
  InterestSignup,
  MembershipSettings,
  Product,
  Tier,
} from '../../../schema.ts';

export type InterestStatus = InterestSignup['status'];

/** Query keys of the hosts' set-up pages; all under `memberships` so a change can refresh the area. */
export const setupKeys = {
  tiers: ['memberships', 'tiers'] as const,
  products: ['memberships', 'products'] as const,
  coupons: ['memberships', 'coupons'] as const,
  settings: ['memberships', 'settings'] as const,
  pauses: ['memberships', 'pauses'] as const,
  interestMails: ['memberships', 'interest-mails'] as const,
  interest: (status: InterestStatus | 'all') => ['memberships', 'interest', status] as const,
};

/**
 * List queries keep the server's `{ items }` answer in the cache (other modules share these keys,
 * e.g. the spaces' grant picker reads `['memberships', 'tiers']`) and hand pages the list.
 */
function useList<T>(key: readonly unknown[], path: string) {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<{ items: T[] }>(path, signal),
    select: (r) => r.items,
  });
}

export const useTiers = () => useList<Tier>(setupKeys.tiers, '/api/memberships/tiers');
export const useProducts = () => useList<Product>(setupKeys.products, '/api/memberships/products');
export const useCoupons = () => useList<Coupon>(setupKeys.coupons, '/api/memberships/coupons');
export const usePauses = () => useList<BillingPause>(setupKeys.pauses, '/api/memberships/pauses');
export const useInterestMails = () =>
  useList<InterestMail>(setupKeys.interestMails, '/api/memberships/interest-mails');
export const useSettings = () =>
  useQuery({
    queryKey: setupKeys.settings,
    queryFn: ({ signal }) => api.get<MembershipSettings>('/api/memberships/settings', signal),
  });
export const useInterestList = (status: InterestStatus | 'all') =>
  useQuery({
    queryKey: setupKeys.interest(status),
    queryFn: ({ signal }) =>
      api.get<{ items: InterestSignup[]; counts: Record<string, number> }>(
        `/api/memberships/interest${status === 'all' ? '' : `?status=${status}`}`,
        signal,
      ),
    // Switching the filter keeps the table (and the focused filter button) until the new rows arrive.
    placeholderData: (previous) => previous,
  });

/** Saves a part of the settings; every settings form sends only its own fields. */
export async function patchSettings(patch: Record<string, unknown>): Promise<MembershipSettings> {
  const saved = await api.patch<MembershipSettings>('/api/memberships/settings', patch);
  queryClient.setQueryData(setupKeys.settings, saved);
  return saved;
}

export const refresh = (key: readonly unknown[]) => queryClient.invalidateQueries({ queryKey: key });

/** A form's `onSuccess`: refreshes `key`'s list, then closes the form with what was saved. */
export const refreshThen =
  <T>(key: readonly unknown[], onDone: (saved: T) => void) =>
  async (saved: T) => {
    await refresh(key);
    onDone(saved);
  };
