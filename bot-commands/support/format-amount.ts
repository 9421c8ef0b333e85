// The one money formatter lives in the domain (digests use it too); commands know it by this name.
export { formatMoney as formatAmount } from '../../src/crm/money.js';
