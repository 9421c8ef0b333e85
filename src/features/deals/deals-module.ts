import { addInstallment } from '../../crm/contracts/add-installment.js';
import { changeContractStatus } from '../../crm/contracts/change-contract-status.js';
import {
  addInstallmentSchema,
  changeContractStatusSchema,
  contractApprovalSchema,
  createContractSchema,
  listContractsSchema,
  recordPaymentSchema,
  updateContractSchema,
} from '../../crm/contracts/contract-input.js';
import { toContractView, toContractViews } from '../../crm/contracts/contract-view.js';
import { createContract } from '../../crm/contracts/create-contract.js';
import { decideContractApproval } from '../../crm/contracts/decide-contract-approval.js';
import { findContractInScope } from '../../crm/contracts/find-contract-in-scope.js';
import { listContracts } from '../../crm/contracts/list-contracts.js';
import { recordPayment } from '../../crm/contracts/record-payment.js';
import { removeInstallment } from '../../crm/contracts/remove-installment.js';
import { removePayment } from '../../crm/contracts/remove-payment.js';
import { updateContract } from '../../crm/contracts/update-contract.js';
import { changeQuoteStatus, findQuoteInScope } from '../../crm/deals/change-quote-status.js';
import { createDeal } from '../../crm/deals/create-deal.js';
import { createProduct } from '../../crm/deals/create-product.js';
import { createQuote } from '../../crm/deals/create-quote.js';
import {
  changeQuoteStatusSchema,
  createDealSchema,
  createProductSchema,
  createQuoteSchema,
  listDealsSchema,
  listProductsSchema,
  updateDealSchema,
  updateProductSchema,
} from '../../crm/deals/deal-input.js';
import { toDealView, toDealViews } from '../../crm/deals/deal-view.js';
import { deleteDeal } from '../../crm/deals/delete-deal.js';
import { forecastForActor, forecastQuerySchema } from '../../crm/deals/forecast-for-actor.js';
import { findDealInScope } from '../../crm/deals/find-deal-in-scope.js';
import { updateDeal } from '../../crm/deals/update-deal.js';
import { listDeals } from '../../crm/deals/list-deals.js';
import { listProducts } from '../../crm/deals/list-products.js';
import { latestValidQuote, listDealQuotes } from '../../crm/deals/list-quotes.js';
import { toProductView } from '../../crm/deals/product-view.js';
import { toQuoteView } from '../../crm/deals/quote-view.js';
import { getSalesSettings, tenantToday, updateSalesSettings, updateSalesSettingsSchema } from '../../crm/deals/sales-settings.js';
import { findProduct, updateProduct } from '../../crm/deals/update-product.js';
import type { AppModule } from '../../app/app-module.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody, readQuery } from '../../http/read-body.js';
import { readIdParam } from '../../http/read-id-param.js';

/** Products, deals (商机), quotes (报价), contracts (合同), payment plans and payments (回款). */
export const dealsModule: AppModule = {
  name: 'deals',
  setup(deps, router) {
    const auth = authenticate(deps);
    const limit = deps.config.BODY_LIMIT_BYTES;

    router.get('/api/sales-settings', auth, requirePermission('settings', 'view'), async (ctx) => {
      ctx.body = await getSalesSettings(actorOf(ctx).tenantId);
    });
    router.put('/api/sales-settings', auth, requirePermission('settings', 'edit'), async (ctx) => {
      ctx.body = await updateSalesSettings(actorOf(ctx), await readJsonBody(ctx, updateSalesSettingsSchema, limit));
    });

    router.post('/api/products', auth, requirePermission('products', 'create'), async (ctx) => {
      const product = await createProduct(actorOf(ctx), await readJsonBody(ctx, createProductSchema, limit));
      ctx.status = 201;
      ctx.body = toProductView(product);
    });
    router.get('/api/products', auth, requirePermission('products', 'view'), async (ctx) => {
      const page = await listProducts(actorOf(ctx), readQuery(ctx, listProductsSchema));
      ctx.body = { items: page.items.map(toProductView), nextCursor: page.nextCursor };
    });
    router.get('/api/products/:id', auth, requirePermission('products', 'view'), async (ctx) => {
      ctx.body = toProductView(await findProduct(actorOf(ctx), readIdParam(ctx, 'product')));
    });
    router.patch('/api/products/:id', auth, requirePermission('products', 'edit'), async (ctx) => {
      const id = readIdParam(ctx, 'product');
      ctx.body = toProductView(await updateProduct(actorOf(ctx), id, await readJsonBody(ctx, updateProductSchema, limit)));
    });

    router.post('/api/deals', auth, requirePermission('deals', 'create'), async (ctx) => {
      const deal = await createDeal(actorOf(ctx), await readJsonBody(ctx, createDealSchema, limit));
      ctx.status = 201;
      ctx.body = await toDealView(deal);
    });
    router.get('/api/deals', auth, requirePermission('deals', 'view'), async (ctx) => {
      const page = await listDeals(actorOf(ctx), readQuery(ctx, listDealsSchema));
      ctx.body = { items: await toDealViews(page.items), nextCursor: page.nextCursor };
    });
    // Before /api/deals/:id, which would read "forecast" as an id.
    router.get('/api/deals/forecast', auth, requirePermission('dashboard', 'view'), async (ctx) => {
      const query = readQuery(ctx, forecastQuerySchema);
      ctx.set('Cache-Control', 'private, no-store');
      ctx.body = await forecastForActor(actorOf(ctx), { unit: query.period, now: query.at ?? new Date() });
    });
    router.get('/api/deals/:id', auth, requirePermission('deals', 'view'), async (ctx) => {
      ctx.body = await toDealView(await findDealInScope(actorOf(ctx), readIdParam(ctx, 'deal')));
    });
    router.patch('/api/deals/:id', auth, requirePermission('deals', 'edit'), async (ctx) => {
      const id = readIdParam(ctx, 'deal');
      ctx.body = await toDealView(await updateDeal(actorOf(ctx), id, await readJsonBody(ctx, updateDealSchema, limit)));
    });
    router.delete('/api/deals/:id', auth, requirePermission('deals', 'delete'), async (ctx) => {
      await deleteDeal(actorOf(ctx), readIdParam(ctx, 'deal'));
      ctx.status = 204;
    });

    router.post('/api/deals/:id/quotes', auth, requirePermission('deals', 'edit'), async (ctx) => {
      const id = readIdParam(ctx, 'deal');
      const { quote, warnings, today } = await createQuote(actorOf(ctx), id, await readJsonBody(ctx, createQuoteSchema, limit));
      ctx.status = 201;
      ctx.body = { ...toQuoteView(quote, today), warnings };
    });
    router.get('/api/deals/:id/quotes', auth, requirePermission('deals', 'view'), async (ctx) => {
      const { items, today } = await listDealQuotes(actorOf(ctx), readIdParam(ctx, 'deal'));
      ctx.body = { items: items.map((q) => toQuoteView(q, today)) };
    });
    router.get('/api/quotes/:id', auth, requirePermission('deals', 'view'), async (ctx) => {
      const actor = actorOf(ctx);
      ctx.body = toQuoteView(await findQuoteInScope(actor, readIdParam(ctx, 'quote')), await tenantToday(actor.tenantId));
    });
    router.post('/api/quotes/:id/status', auth, requirePermission('deals', 'edit'), async (ctx) => {
      const id = readIdParam(ctx, 'quote');
      const { quote, today } = await changeQuoteStatus(actorOf(ctx), id, await readJsonBody(ctx, changeQuoteStatusSchema, limit));
      ctx.body = toQuoteView(quote, today);
    });
    router.get('/api/customers/:id/latest-quote', auth, requirePermission('deals', 'view'), async (ctx) => {
      const { quote, today } = await latestValidQuote(actorOf(ctx), readIdParam(ctx, 'customer'));
      ctx.body = { quote: quote ? toQuoteView(quote, today) : null };
    });

    router.post('/api/contracts', auth, requirePermission('contracts', 'create'), async (ctx) => {
      const { contract, today } = await createContract(actorOf(ctx), await readJsonBody(ctx, createContractSchema, limit));
      ctx.status = 201;
      ctx.body = await toContractView(contract, today);
    });
    router.get('/api/contracts', auth, requirePermission('contracts', 'view'), async (ctx) => {
      const page = await listContracts(actorOf(ctx), readQuery(ctx, listContractsSchema));
      ctx.body = { items: await toContractViews(page.items, page.today), nextCursor: page.nextCursor };
    });
    router.get('/api/contracts/:id', auth, requirePermission('contracts', 'view'), async (ctx) => {
      const actor = actorOf(ctx);
      ctx.body = await toContractView(await findContractInScope(actor, readIdParam(ctx, 'contract')), await tenantToday(actor.tenantId));
    });
    router.patch('/api/contracts/:id', auth, requirePermission('contracts', 'edit'), async (ctx) => {
      const actor = actorOf(ctx);
      const id = readIdParam(ctx, 'contract');
      const contract = await updateContract(actor, id, await readJsonBody(ctx, updateContractSchema, limit));
      ctx.body = await toContractView(contract, await tenantToday(actor.tenantId));
    });
    router.post('/api/contracts/:id/status', auth, requirePermission('contracts', 'edit'), async (ctx) => {
      const id = readIdParam(ctx, 'contract');
      const { contract, today } = await changeContractStatus(actorOf(ctx), id, await readJsonBody(ctx, changeContractStatusSchema, limit));
      ctx.body = await toContractView(contract, today);
    });
    router.post('/api/contracts/:id/approval', auth, requirePermission('contracts', 'approve'), async (ctx) => {
      const id = readIdParam(ctx, 'contract');
      const { contract, today } = await decideContractApproval(actorOf(ctx), id, await readJsonBody(ctx, contractApprovalSchema, limit));
      ctx.body = await toContractView(contract, today);
    });
    router.post('/api/contracts/:id/installments', auth, requirePermission('contracts', 'edit'), async (ctx) => {
      const id = readIdParam(ctx, 'contract');
      const { contract, today } = await addInstallment(actorOf(ctx), id, await readJsonBody(ctx, addInstallmentSchema, limit));
      ctx.status = 201;
      ctx.body = await toContractView(contract, today);
    });
    router.delete('/api/contracts/:id/installments/:installmentId', auth, requirePermission('contracts', 'edit'), async (ctx) => {
      const actor = actorOf(ctx);
      const contract = await removeInstallment(actor, readIdParam(ctx, 'contract'), readIdParam(ctx, 'installment', 'installmentId'));
      ctx.body = await toContractView(contract, await tenantToday(actor.tenantId));
    });
    router.post('/api/contracts/:id/payments', auth, requirePermission('contracts', 'edit'), async (ctx) => {
      const id = readIdParam(ctx, 'contract');
      const { contract, today } = await recordPayment(actorOf(ctx), id, await readJsonBody(ctx, recordPaymentSchema, limit));
      ctx.status = 201;
      ctx.body = await toContractView(contract, today);
    });
    router.delete('/api/contracts/:id/payments/:paymentId', auth, requirePermission('contracts', 'approve'), async (ctx) => {
      const actor = actorOf(ctx);
      const contract = await removePayment(actor, readIdParam(ctx, 'contract'), readIdParam(ctx, 'payment', 'paymentId'));
      ctx.body = await toContractView(contract, await tenantToday(actor.tenantId));
    });
  },
};
