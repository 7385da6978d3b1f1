// The public API of the `bernstein-cdk8s` package: everything a cdk8s app needs to compose
// these components, and nothing of their internals (test/library/public-api.test.ts holds the
// list and checks that every export is documented). The CLI (synth, check, deploy, diagram,
// bench) is repository tooling built from src/cli and is not part of the package.

// Components and what they hand each other.
export { Component, endpointHost, endpointUrl, qualifiedServiceHost } from './constructs/component';
export type { Endpoint, EndpointUrl, Exposure } from './constructs/component';
export { leadingTo, toEnvVar } from './constructs/env-binding';
export type { EnvBinding, EnvSourceKind, PodField } from './constructs/env-binding';
export { ConfigSource } from './constructs/config-source';
export type { ConfigSourceProps } from './constructs/config-source';
export { HealthCheck } from './constructs/health-check';
export type { HealthCheckTiming } from './constructs/health-check';
export type { NodeSpreading } from './constructs/placement';
export type { ContainerResources, NamedPort, ResourceAmounts, RestrictedRun } from './constructs/workload-parts';
export { Volume } from './constructs/volume';
export type { AccessMode, ClaimOptions, EmptyDirOptions, FilesOptions, VolumeMount } from './constructs/volume';
export { ServiceAccount } from './constructs/service-account';
export { ScalingTarget } from './constructs/autoscaling';
export type { Autoscaling } from './constructs/autoscaling';
export type { ContainerOptions, ImagePullPolicy, InitContainer, PodOptions } from './constructs/workload-surface';
export { ValidationError } from './validation/prop-checker';

// Constructs.
export { StatelessApp } from './constructs/stateless-app';
export type { ConfigValue, IngressController, Route, StatelessAppProps } from './constructs/stateless-app';
export { Job } from './constructs/job';
export type { JobProps, JobRestartPolicy } from './constructs/job';
export { CronJob } from './constructs/cron-job';
export type { ConcurrencyPolicy, CronJobProps } from './constructs/cron-job';
export { StatefulApp } from './constructs/stateful-app';
export type { PodManagementPolicy, StatefulAppProps } from './constructs/stateful-app';
export { DEFAULT_REDIS_IMAGE, Redis } from './constructs/redis';
export type { RedisProps } from './constructs/redis';
export { SingleWriterDatabase } from './constructs/single-writer-database';
export type { DatabaseConnection, DatabaseEngine, DatabaseStorage, DatabaseStores, SingleWriterDatabaseProps } from './constructs/single-writer-database';
export { DEFAULT_POSTGRES_IMAGE, Postgres } from './constructs/postgres';
export type { PostgresCredentials, PostgresProps } from './constructs/postgres';
export { MySql } from './constructs/mysql';
export type { MySqlCredentials, MySqlProps } from './constructs/mysql';
export { MongoDb } from './constructs/mongodb';
export type { MongoDbCredentials, MongoDbProps } from './constructs/mongodb';
export { Kafka } from './constructs/kafka';
export type { KafkaProps } from './constructs/kafka';
export { Cassandra } from './constructs/cassandra';
export type { CassandraProps } from './constructs/cassandra';
export { Traefik, TRAEFIK_IMAGES } from './constructs/traefik';
export type { TraefikDashboard, TraefikGeneration, TraefikProps, TraefikRouting } from './constructs/traefik';
export type { RouteGateway } from './constructs/http-route';
export { Gateway, GATEWAY_API_VERSION, GatewayClass, HttpRoute } from './constructs/gateway-api';
export type {
  GatewayClassProps, GatewayClassSpec, GatewayLabelSelector, GatewayListener, GatewayProps, GatewayRouteNamespaces, GatewaySpec,
  HttpRouteBackendRef, HttpRouteMatch, HttpRouteParentRef, HttpRouteProps, HttpRouteRule, HttpRouteSpec,
} from './constructs/gateway-api';
export { Cadvisor } from './constructs/cadvisor';
export type { CadvisorProps, NodeRuntime } from './constructs/cadvisor';
export { Namespace } from './constructs/namespace';
export type { NamespaceProps, PodSecurityLevel } from './constructs/namespace';
export { addNetworkPolicies } from './network/policies';
export { declaredFlows } from './network/flows';
export type { Flow, FlowPeer, FlowReason } from './network/flows';

// Charts.
export { BERNSTEIN_IMAGES, BernsteinChart, VOTES_TABLE_SQL } from './charts/bernstein-chart';
export type { BernsteinChartProps, BernsteinImages, Profile } from './charts/bernstein-chart';
export { PROMOTIONS_IMAGES, PROMOTIONS_PLACEHOLDER_IMAGES, PromotionsChart } from './charts/promotions-chart';
export type { PromotionsChartProps, PromotionsCredentials, PromotionsImages } from './charts/promotions-chart';
export { LIFESPAN_IMAGES, LIFESPAN_PLACEHOLDER_IMAGES, LifespanChart } from './charts/lifespan-chart';
export type { LifespanChartProps, LifespanImages } from './charts/lifespan-chart';
export { SMACK_IMAGES, SMACK_PLACEHOLDER_IMAGES, SmackChart } from './charts/smack-chart';
export type { SmackChartProps, SmackImages } from './charts/smack-chart';

// Credentials from the environment, output, and the offline checker.
export { resolveCredentials } from './config/credentials';
export type { CredentialSource, Environment, ResolvedCredentials } from './config/credentials';
export { renderManifests, writeManifests } from './output/write-manifests';
export type { WrittenManifests } from './output/write-manifests';
export type { ManifestDocument, ManifestFile } from './output/layout';
export { applyOrder } from './output/apply-order';
export type { ApplyStep } from './output/apply-order';
export { mermaidDiagram } from './diagram/construct-diagram';
export type { TopologyMermaidOptions } from './diagram/mermaid';
export { check, formatJson, formatText } from './checker';
export type { CheckOptions, CheckReport, CheckSummary, PolicyName, Problem, Severity } from './checker';

/** The Kubernetes 1.27 API objects (`k8s.KubeCronJob`, `k8s.KubeConfigMap`, …), for objects no construct makes. */
export * as k8s from '../imports/k8s';
