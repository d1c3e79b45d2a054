// D1 rows-read budgets on the real data (4,995 movies; the cases and budgets: ../worker/rows-read.ts).
// `REAL_RAW_DIR=<synthetic catalogue> npx vitest run --project worker-real rows-read` runs them at 45k.
import { rowsReadBudgets } from "../worker/rows-read.ts";

rowsReadBudgets("real data");
