// The registry: the list of rule packs the engine chooses from by conduct date. Adding a pack
// is one line here plus its folder under packs/ — no other code changes (the engine core knows
// no article numbers). Validity periods must not start on the same day; a later pack supersedes
// an open-ended earlier one from its own start date.
import { bananHousing2019 } from './packs/banan-housing-2019';
import type { RulePack } from './types';

export const REGISTERED_PACKS: readonly RulePack[] = [bananHousing2019];
