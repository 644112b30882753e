import { existsSync } from "node:fs";
import { Annotations, Aws, Duration, Stack, Validations } from "aws-cdk-lib";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { secureBucketProps } from "./defaults.ts";
import { repoPath } from "./paths.ts";
import { DEEP_LINK_FUNCTION_CODE } from "./dashboard-deep-links.ts";

/** Where `npm run build:dashboard` writes the static site. */
export const DASHBOARD_DIST = "dashboard/dist";
/** Deployed instead when the dashboard has not been built, so synth and deploy never depend on that step. */
export const DASHBOARD_PLACEHOLDER = "lib/assets/dashboard-placeholder";
/** How long CloudFront and browsers may serve a deployed file (and config.json) before asking again. */
export const SITE_MAX_AGE = Duration.minutes(5);

export interface DashboardSiteProps {
  readonly accessLogsBucket: s3.IBucket;
  readonly production: boolean;
  /** ARN of a WAFv2 web ACL (scope CLOUDFRONT, us-east-1) to attach to the distribution. */
  readonly webAclArn?: string;
  /** Directory of the built site; defaults to dashboard/dist, or the placeholder page if that is not built. */
  readonly siteDir?: string;
}

/**
 * The dashboard's static files in a private bucket, served only through CloudFront with origin access control.
 * Built in two steps because the API and the site refer to each other: the API allows the site's origin (CORS),
 * and the site's config.json names the API. `publish(apiBaseUrl)` deploys the files once the API exists.
 */
export class DashboardSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** https://<distribution domain>, also an allowed CORS origin of the API. */
  readonly url: string;
  private readonly siteDir: string | undefined;

  constructor(scope: Construct, id: string, props: DashboardSiteProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, "Site", {
      ...secureBucketProps(props.production),
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: "s3/dashboard/",
    });

    // CloudFront names are global to the account: the stack's name alone would collide when the same
    // stack is deployed in a second region, so the names carry the region too.
    const globalName = (what: string) => `${Stack.of(this).stackName.slice(0, 40)}-${what}-${Aws.REGION}`;
    const originAccessControl = new cloudfront.S3OriginAccessControl(this, "OriginAccessControl", {
      originAccessControlName: globalName("oac"),
      description: "claim-tracker dashboard: CloudFront reads the site bucket",
    });
    // Path URLs typed into the address bar (/speakers/ID) are redirected to the dashboard's hash routes.
    const deepLinks = new cloudfront.Function(this, "DeepLinks", {
      code: cloudfront.FunctionCode.fromInline(DEEP_LINK_FUNCTION_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: "claim-tracker dashboard: path URLs to hash routes",
    });

    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: "claim-tracker dashboard",
      defaultRootObject: "index.html",
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket, { originAccessControl }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        functionAssociations: [{ function: deepLinks, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        responseHeadersPolicy: new cloudfront.ResponseHeadersPolicy(this, "SecurityHeaders", {
          responseHeadersPolicyName: globalName("headers"),
          comment: "claim-tracker dashboard security headers",
          securityHeadersBehavior: securityHeaders(),
        }),
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.accessLogsBucket,
      logFilePrefix: "cloudfront/dashboard/",
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    this.acknowledgeDistributionFindings(props.webAclArn !== undefined);
    this.siteDir = props.siteDir;
  }

  /** Deploys the site plus a config.json naming the API; caches pick it up within SITE_MAX_AGE. */
  publish(apiBaseUrl: string): s3deploy.BucketDeployment {
    const siteDir = this.siteDir ?? defaultSiteDir(this);
    return new s3deploy.BucketDeployment(this, "Deploy", {
      destinationBucket: this.bucket,
      sources: [
        s3deploy.Source.asset(siteDir),
        // Injected at deploy time: the API URL is only known once CloudFormation has created the API.
        s3deploy.Source.jsonData("config.json", { apiBaseUrl: withoutTrailingSlash(apiBaseUrl) }),
      ],
      // A short max-age instead of a CloudFront invalidation: CDK grants invalidation on every distribution ("*").
      cacheControl: [s3deploy.CacheControl.setPublic(), s3deploy.CacheControl.maxAge(SITE_MAX_AGE)],
      prune: true,
      memoryLimit: 512,
    });
  }

  private acknowledgeDistributionFindings(hasWebAcl: boolean): void {
    const findings = [
      {
        id: "AwsSolutions-CFR1",
        reason: "The dashboard shows public, published news claims to a worldwide newsroom audience: no geo restriction.",
      },
      {
        id: "AwsSolutions-CFR4",
        reason:
          "The distribution uses the default *.cloudfront.net certificate, whose minimum viewer TLS version CloudFront " +
          "fixes and does not let us raise; it serves HTTPS only (HTTP redirects). A custom domain with its own " +
          "certificate and TLSv1.2_2021 is the fix for deployments that need it.",
      },
    ];
    if (!hasWebAcl) {
      findings.push({
        id: "AwsSolutions-CFR2",
        reason:
          "Static, read-only files with no forms or server logic behind them; CloudFront's built-in AWS Shield " +
          "Standard covers volumetric attacks. Pass the webAclArn context to attach a WAF web ACL.",
      });
    }
    Validations.of(this.distribution).acknowledge(...findings);
  }
}

function defaultSiteDir(scope: Construct): string {
  const built = repoPath(DASHBOARD_DIST);
  if (existsSync(`${built}/index.html`)) return built;
  Annotations.of(scope).addWarningV2(
    "claims:dashboard-not-built",
    `${DASHBOARD_DIST} has no index.html: deploying a placeholder page. Run \`npm run build:dashboard\` before deploying.`,
  );
  return repoPath(DASHBOARD_PLACEHOLDER);
}

function securityHeaders(): cloudfront.ResponseSecurityHeadersBehavior {
  return {
    contentSecurityPolicy: {
      contentSecurityPolicy: [
        "default-src 'self'",
        // Region-wide rather than the API's own host: naming the API here would make the distribution and
        // the API (whose CORS allow-list names the distribution) depend on each other.
        `connect-src 'self' https://*.execute-api.${Aws.REGION}.amazonaws.com`,
        "img-src 'self' data:",
        // The dashboard's charts size and position elements with inline style attributes.
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
      override: true,
    },
    strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
    referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
  };
}

/** Works on CloudFormation tokens too: the stage URL's trailing "/" is a literal after the token. */
function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
