export { runProbe } from './run-probe';
export type { ProbeContext } from './session';
export type { Network, SafeTarget } from './network';
export type { Transport, TransportResponse, TransportRequestInit } from './transport';
export { AdoError, classifyHttp, classifyTransportError } from './errors';
export { authorizationHeader, baseHeaders, secretForms } from './auth';
export { servicesUrls, serverUrls, deploymentUrls } from './urls';
export { urlSafetyNetwork } from './url-safety-network';
