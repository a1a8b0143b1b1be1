// Issue 13 (8), accessibility: the checks of ./a11y-suite.ts for these roles.
import { accessibilitySuite } from './a11y-suite';

accessibilitySuite(['sysadmin', 'secadmin', 'auditor'], { pages: false });
