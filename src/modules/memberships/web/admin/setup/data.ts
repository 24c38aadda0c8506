import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
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

const items =
  <T>(path: string) =>
  ({ signal }: { signal: AbortSignal }) =>
    api.get<{ items: T[] }>(path, signal).then((r) => r.items);

export const useTiers = () =>
  useQuery({ queryKey: setupKeys.tiers, queryFn: items<Tier>('/api/memberships/tiers') });
export const useProducts = () =>
  useQuery({ queryKey: setupKeys.products, queryFn: items<Product>('/api/memberships/products') });
export const useCoupons = () =>
  useQuery({ queryKey: setupKeys.coupons, queryFn: items<Coupon>('/api/memberships/coupons') });
export const usePauses = () =>
  useQuery({ queryKey: setupKeys.pauses, queryFn: items<BillingPause>('/api/memberships/pauses') });
export const useInterestMails = () =>
  useQuery({
    queryKey: setupKeys.interestMails,
    queryFn: items<InterestMail>('/api/memberships/interest-mails'),
  });
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

/** One settings form's save: sends its own fields, and says "saved" until the form changes again. */
export function useSettingsSave() {
  const [dirty, setDirty] = useState(false);
  const save = useMutation({ mutationFn: patchSettings, onSuccess: () => setDirty(false) });
  return { save, saved: save.isSuccess && !dirty, touch: () => setDirty(true) };
}
