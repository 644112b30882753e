/**
 * Takes the place of `@aws-sdk/credential-provider-node` in the Lambda bundles (lib/claims-function.ts
 * aliases it here). Lambda hands every function its role's credentials in environment variables, so the
 * rest of the SDK's default chain (SSO, ini files, credential processes, web identity, container and
 * instance metadata) and the SSO, STS and sign-in clients it brings along never run there, yet V8 would
 * load about 90 KB of them at every cold start. Local runs use the source, with the full default chain.
 */
interface EnvCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const defaultProvider =
  () =>
  async (): Promise<EnvCredentials> => {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw new Error("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set: a bundled function reads its credentials from the environment Lambda provides");
    }
    const sessionToken = process.env.AWS_SESSION_TOKEN;
    return { accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) };
  };
