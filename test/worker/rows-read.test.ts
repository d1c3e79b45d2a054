// D1 rows-read budgets on the bundled sample (the cases and budgets: rows-read.ts).
import { rowsReadBudgets } from "./rows-read.ts";

rowsReadBudgets("sample");
