// Issue 13 (8), accessibility: the checks of ./a11y-suite.ts for these roles, with the public, restricted and setup pages and the keyboard paths.
import { accessibilitySuite } from './a11y-suite';

accessibilitySuite(['fazhike', 'leader', 'investigator1'], { pages: true });
