// CDK app entry (cdk.json: `npx tsx bin/app.ts`). Configuration comes from context: see docs/deploy.md.
import { createApp } from "../lib/app.ts";

createApp().app.synth();
