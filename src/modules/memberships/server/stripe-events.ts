import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import type { Logger } from '../../../platform/logger.ts';
import type { Billing, SubscriptionRow } from './billing.ts';
import type { Catalogue, PriceRow } from './catalogue.ts';
import { checkoutFacts, invoiceFacts, subscriptionState } from './stripe.ts';

/**
 * Within one second Stripe may stamp several events; a later lifecycle step wins a tie.
 * (created < updated < deleted.)
 */
const RANK: Record<string, number> = {
  'customer.subscription.created': 1,
  'customer.subscription.updated': 2,
  'customer.subscription.deleted': 3,
};

export interface StripeEventsDeps {
  db: Kysely<any>;
  billing: Billing;
  catalogue: Catalogue;
  logger: Logger;
}

/**
 * Applies verified Stripe webhook events. Each event id is recorded in the same transaction as its
 * effect, so a redelivered (or concurrently repeated) event changes nothing. Subscription events carry
 * the whole subscription; the one Stripe created last wins, so any arrival order gives the same state.
 */
export function createStripeEvents(deps: StripeEventsDeps) {
  const { db, billing, catalogue, logger } = deps;

  async function findSub(trx: Kysely<any>, ourId: string | null, stripeSubId: string | null): Promise<SubscriptionRow | null> {
    if (ourId && /^[0-9a-f-]{36}$/.test(ourId)) {
      const r = await trx.selectFrom('subscriptions').select('id').where('id', '=', ourId).executeTakeFirst();
      if (r) return billing.lockSub(trx, r.id as string);
    }
    if (stripeSubId) {
      const r = await trx.selectFrom('subscriptions').select('id').where('stripe_subscription_id', '=', stripeSubId).executeTakeFirst();
      if (r) return billing.lockSub(trx, r.id as string);
    }
    return null;
  }

  async function onSubscription(trx: Kysely<any>, event: Stripe.Event, obj: Stripe.Subscription): Promise<void> {
    const st = subscriptionState(obj);
    const sub = await findSub(trx, st.ourId, st.stripeSubscriptionId);
    if (!sub) {
      logger.warn({ stripe: st.stripeSubscriptionId }, 'Stripe subscription event for a subscription we do not know');
      return;
    }
    if (sub.revoked_at) return; // a host ended it; Stripe cannot reopen it
    if (sub.status === 'void') {
      // An order given up (a newer one replaced it): a late payment must not reopen it next to the new one.
      logger.warn({ subscription: sub.id, stripe: st.stripeSubscriptionId }, 'Stripe subscription for an abandoned order; cancel and refund it in Stripe');
      return;
    }
    const at = new Date(event.created * 1000);
    const rank = RANK[event.type] ?? 0;
    if (sub.stripe_event_at) {
      const last = new Date(sub.stripe_event_at).getTime();
      if (last > at.getTime() || (last === at.getTime() && sub.stripe_event_rank >= rank)) return; // older news
    }
    let status: SubscriptionRow['status'];
    switch (event.type === 'customer.subscription.deleted' && st.status !== 'incomplete_expired' ? 'canceled' : st.status) {
      case 'trialing':
        status = 'trialing';
        break;
      case 'active':
        status = 'active';
        break;
      case 'past_due':
      case 'unpaid':
        status = 'past_due';
        break;
      case 'incomplete':
        status = 'pending';
        break;
      default:
        status = 'expired'; // canceled, incomplete_expired
    }
    if (st.cancelAtPeriodEnd && status !== 'expired' && status !== 'pending') status = 'canceled';
    const periodEnd = status === 'trialing' && st.trialEnd ? st.trialEnd : st.periodEnd;
    const grants = status !== 'pending' && status !== 'expired';
    // When it started is a fact of the subscription (its start date), not of which event came first.
    const started = new Date(((obj as { start_date?: number }).start_date ?? obj.created) * 1000);
    const ran = grants || (status === 'expired' && st.status === 'canceled');
    const t = new Date();
    await trx
      .updateTable('subscriptions')
      .set({
        status,
        stripe_subscription_id: st.stripeSubscriptionId,
        stripe_customer_id: st.customerId,
        current_period_start: st.periodStart,
        current_period_end: status === 'expired' ? (st.periodEnd && st.periodEnd < at ? st.periodEnd : at) : periodEnd,
        cancel_at_period_end: st.cancelAtPeriodEnd,
        pause_from: st.collectionPaused ? (sub.pause_from ?? periodEnd) : null,
        pause_until: st.collectionPaused ? st.pausedUntil : null,
        activated_at: sub.activated_at ?? (ran ? started : null),
        ended_at: status === 'expired' ? at : null,
        stripe_event_at: at,
        stripe_event_rank: rank,
        updated_at: t,
      })
      .where('id', '=', sub.id)
      .execute();
    if (!sub.activated_at && grants) {
      await billing.event(trx, { sub, kind: 'started', at: started });
      await billing.simpleMail(trx, 'welcome', { ...sub, current_period_end: periodEnd });
    } else if (status === 'expired' && sub.status !== 'expired') {
      await billing.event(trx, { sub, kind: 'expired', at });
    } else if (status === 'canceled' && sub.status !== 'canceled') {
      await billing.event(trx, { sub, kind: 'canceled', at });
    }
  }

  async function onInvoicePaid(trx: Kysely<any>, obj: Stripe.Invoice): Promise<void> {
    const f = invoiceFacts(obj);
    if (f.amountPaid <= 0) return; // a trial or fully discounted period: nothing to invoice
    const exists = await trx.selectFrom('invoices').select('id').where('provider_ref', '=', f.invoiceId).executeTakeFirst();
    if (exists) return;
    const sub = await findSub(trx, f.ourId, f.subscriptionId);
    if (!sub) {
      logger.warn({ stripe: f.invoiceId }, 'Stripe invoice for a subscription we do not know');
      return;
    }
    const tier = await catalogue.requireTier(sub.tier_id, trx);
    const price = sub.price_id ? ((await trx.selectFrom('tier_prices').selectAll().where('id', '=', sub.price_id).executeTakeFirst()) as PriceRow | undefined) ?? null : null;
    const settings = await catalogue.settingsRow(trx);
    const paidAt = f.paidAt ?? new Date();
    await billing.issueInvoice(trx, {
      sub,
      tier,
      price,
      coupon: null,
      settings,
      periodStart: f.periodStart ?? paidAt,
      periodEnd: f.periodEnd ?? paidAt,
      status: 'paid',
      provider: 'stripe',
      providerRef: f.invoiceId,
      chargedGross: f.amountPaid,
      currency: (['EUR', 'SEK', 'CHF'].includes(f.currency) ? f.currency : (price?.currency ?? 'EUR')) as 'EUR' | 'SEK' | 'CHF',
    });
    if (f.customerId && !sub.stripe_customer_id) await trx.updateTable('subscriptions').set({ stripe_customer_id: f.customerId }).where('id', '=', sub.id).execute();
  }

  async function onCheckoutCompleted(trx: Kysely<any>, obj: Stripe.Checkout.Session): Promise<void> {
    const f = checkoutFacts(obj);
    const sub = await findSub(trx, f.ourId, f.stripeSubscriptionId);
    if (!sub) {
      logger.warn({ stripe: f.sessionId }, 'Stripe checkout for a subscription we do not know');
      return;
    }
    await trx
      .updateTable('subscriptions')
      .set({
        stripe_customer_id: f.customerId ?? sub.stripe_customer_id,
        stripe_subscription_id: f.stripeSubscriptionId ?? sub.stripe_subscription_id,
        updated_at: new Date(),
      })
      .where('id', '=', sub.id)
      .execute();
    // A one-off purchase has no subscription events: paid checkout = access without end, and a receipt.
    if (f.mode === 'payment' && f.paymentStatus === 'paid' && sub.status === 'pending' && !sub.revoked_at) {
      const at = new Date(obj.created * 1000);
      await trx.updateTable('subscriptions').set({ status: 'active', activated_at: at, current_period_start: at, current_period_end: null }).where('id', '=', sub.id).execute();
      await billing.event(trx, { sub, kind: 'started', at });
      await billing.simpleMail(trx, 'welcome', sub);
      const ref = f.paymentIntentId ?? f.sessionId;
      const exists = await trx.selectFrom('invoices').select('id').where('provider_ref', '=', ref).executeTakeFirst();
      if (!exists && (f.amountTotal ?? 0) > 0) {
        const tier = await catalogue.requireTier(sub.tier_id, trx);
        const price = sub.price_id ? ((await trx.selectFrom('tier_prices').selectAll().where('id', '=', sub.price_id).executeTakeFirst()) as PriceRow | undefined) ?? null : null;
        await billing.issueInvoice(trx, {
          sub,
          tier,
          price,
          coupon: null,
          settings: await catalogue.settingsRow(trx),
          periodStart: at,
          periodEnd: at,
          status: 'paid',
          provider: 'stripe',
          providerRef: ref,
          chargedGross: f.amountTotal ?? 0,
          currency: (f.currency?.toUpperCase() ?? price?.currency ?? 'EUR') as 'EUR' | 'SEK' | 'CHF',
        });
      }
    }
  }

  return {
    /** Applies one verified event once; returns false when it had been applied before. */
    async apply(event: Stripe.Event): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const fresh = await trx
          .insertInto('payment_events')
          .values({ provider: 'stripe', event_id: event.id, type: event.type })
          .onConflict((oc) => oc.doNothing())
          .returning('event_id')
          .executeTakeFirst();
        if (!fresh) return false;
        switch (event.type) {
          case 'customer.subscription.created':
          case 'customer.subscription.updated':
          case 'customer.subscription.deleted':
            await onSubscription(trx, event, event.data.object as Stripe.Subscription);
            break;
          case 'invoice.paid':
          case 'invoice.payment_succeeded':
            await onInvoicePaid(trx, event.data.object as Stripe.Invoice);
            break;
          case 'checkout.session.completed':
          case 'checkout.session.async_payment_succeeded':
            await onCheckoutCompleted(trx, event.data.object as Stripe.Checkout.Session);
            break;
          case 'checkout.session.expired': {
            const f = checkoutFacts(event.data.object as Stripe.Checkout.Session);
            if (f.ourId) {
              const sub = await findSub(trx, f.ourId, null);
              if (sub?.status === 'pending') await billing.voidPending(trx, sub);
            }
            break;
          }
          default:
            break; // recorded, nothing to do
        }
        return true;
      });
    },
  };
}
