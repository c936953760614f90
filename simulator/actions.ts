// The simulator's view of the typed actions hardware counts: the vocabulary and the one Σ count × cost live in isa/chip/costs.ts, shared with the compiler's estimates.
export {
  ACTION,
  ACTION_COUNT,
  ACTIONS,
  ALL_ACTIONS,
  CORE_ACTIONS,
  NETWORK_ACTIONS,
  addCounts,
  instructionAction,
  price,
  priceByAction,
  type ActionName,
  type PriceTable,
  type Quantity,
  type Unit,
} from '../isa/chip/costs.ts';
