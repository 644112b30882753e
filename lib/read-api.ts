import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { DEFAULT_API_CACHE_SECONDS } from "../lambdas/api/config.ts";
import { type BindableTable, ClaimsFunction } from "./claims-function.ts";
import { API_MEMORY_MB, API_TIMEOUT, type LogLevel } from "./defaults.ts";

export interface JwtAccess {
  /** Token issuer URL, e.g. https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc */
  readonly issuer: string;
  readonly audience: readonly string[];
}

export interface ReadApiProps {
  readonly namePrefix: string;
  readonly claimsTable: BindableTable;
  /** Read (objects only) to serve an article's text beside its claims. */
  readonly articlesBucket: s3.IBucket;
  /** The ingest size cap: the API reads no larger object. */
  readonly maxArticleBytes: number;
  /** Browser origins allowed to call the API (CORS); the API sends no CORS headers to any other. */
  readonly allowedOrigins: readonly string[];
  /** When set, every route requires a JWT from this issuer for this audience (private deployments). */
  readonly jwt?: JwtAccess;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention: logs.RetentionDays;
  readonly logLevel: LogLevel;
  /** X-Ray active tracing of the function (ClaimsFunctionProps.tracing). */
  readonly tracing: boolean;
  readonly production: boolean;
}

/** HTTP API ($default stage: throttled, access-logged) -> api function, which only reads the claims table and the articles' objects. */
export class ReadApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly handler: ClaimsFunction;
  readonly tokenSecret: secretsmanager.Secret;
  readonly accessLogs: logs.LogGroup;
  /** Base URL of the API, ending in "/". */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ReadApiProps) {
    super(scope, id);

    // HMAC key that makes pagination tokens tamper-evident; never leaves Secrets Manager except into the function.
    this.tokenSecret = new secretsmanager.Secret(this, "PageTokenSecret", {
      description: `${props.namePrefix}: signs the read API's pagination tokens`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.tokenSecret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "The secret only signs short-lived pagination cursors of public read data; rotating it merely invalidates " +
        "cursors in flight, so it is rotated by hand (put-secret-value, see docs/deploy.md) instead of by a rotation Lambda.",
    });

    this.handler = new ClaimsFunction(this, "Api", {
      entry: "lambdas/api/handler.ts",
      description: "Serves the claims read API",
      timeout: API_TIMEOUT,
      memorySize: API_MEMORY_MB,
      serviceName: "claims-api",
      logRetention: props.logRetention,
      logLevel: props.logLevel,
      tracing: props.tracing,
      production: props.production,
      environment: {
        CORS_ALLOWED_ORIGINS: props.allowedOrigins.join(","),
        MAX_ARTICLE_BYTES: String(props.maxArticleBytes),
        // Stated here so the deployed freshness is visible in the template; the reasoning is at the constant.
        CLAIMS_API_CACHE_SECONDS: String(DEFAULT_API_CACHE_SECONDS),
      },
    })
      .bindTable(props.claimsTable, "RO")
      .bindBucketObjectsRead(props.articlesBucket)
      .bindTokenSecret(this.tokenSecret);

    const authorizer = props.jwt
      ? new HttpJwtAuthorizer("JwtAuthorizer", props.jwt.issuer, { jwtAudience: [...props.jwt.audience] })
      : undefined;

    this.httpApi = new apigw.HttpApi(this, "HttpApi", {
      apiName: `${props.namePrefix}-read-api`,
      description: "claim-tracker read API",
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...props.allowedOrigins],
        allowMethods: [apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.OPTIONS],
        allowHeaders: ["authorization", "content-type"],
        maxAge: Duration.hours(1),
      },
      ...(authorizer ? { defaultAuthorizer: authorizer } : {}),
    });

    this.accessLogs = new logs.LogGroup(this, "AccessLogs", {
      retention: props.logRetention,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.stage = this.httpApi.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(HTTP_ACCESS_LOG_FIELDS)),
      },
    });
    this.url = this.stage.url;

    // A read API: GET, and HEAD for every GET (same headers, no body). CORS preflight (OPTIONS) is
    // answered by API Gateway itself, before any authorizer.
    const integration = new HttpLambdaIntegration("ApiIntegration", this.handler.function);
    const routes = ["/", "/{proxy+}"].flatMap((path) =>
      this.httpApi.addRoutes({ path, methods: [apigw.HttpMethod.GET, apigw.HttpMethod.HEAD], integration }),
    );
    if (!authorizer) {
      for (const route of routes) {
        Validations.of(route).acknowledge({
          id: "AwsSolutions-APIG4",
          reason:
            "Public deployment by choice: the API serves read-only claims extracted from published articles, is " +
            "throttled and access-logged. Setting the jwtIssuer/jwtAudience context puts a JWT authorizer on every route.",
        });
      }
    }
  }
}

/** One JSON object per request, with HTTP API context variables. */
const HTTP_ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  ip: "$context.identity.sourceIp",
  userAgent: "$context.identity.userAgent",
  method: "$context.httpMethod",
  routeKey: "$context.routeKey",
  path: "$context.path",
  status: "$context.status",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
};
