// The two container apps: silos (internal; Orleans silo and gateway ports; at least two replicas) and the REST
// gateway (external HTTPS ingress, scaled on concurrent requests). Both run the Cluster profile with the managed
// identity; Orleans' advertised address is each replica's own address (its host name resolves to it), so nothing
// about it is configured here.
@description('Location of every resource.')
param location string

@description('Prefix of resource names.')
param name string

param environmentId string
param identityId string
param identityClientId string
param registryLoginServer string

@description('Silo image (azd sets it after pushing).')
param siloImage string

@description('Workload profile of the silos: Consumption, or the environment\'s GPU profile (gpu).')
param siloWorkloadProfile string

@description('vCPUs of one silo replica, e.g. 2.0.')
param siloCpu string

@description('Memory of one silo replica, e.g. 4Gi.')
param siloMemory string

@description('Rec:Inference:Device of every silo: cuda on a GPU profile; empty leaves it to each version\'s config.')
param siloInferenceDevice string

@description('Gateway image (azd sets it after pushing).')
param gatewayImage string

param blobEndpoint string
param tableEndpoint string
param stateContainer string
param artifactsContainer string
param membershipTable string
param kekSecretUri string
param operatorKeySecretUri string
param shopKeySecretUri string
param clusterTlsCertificateSecretUri string
param clusterTlsUnlockSecretUri string
param kafkaSaslSecretUri string

@description('Kafka bootstrap servers, e.g. <namespace>.servicebus.windows.net:9093 for Event Hubs.')
param kafkaBootstrapServers string

@description('librdkafka security.protocol (SASL_SSL for Event Hubs; PLAINTEXT for an in-network broker).')
param kafkaSecurityProtocol string

@description('librdkafka sasl.mechanism (PLAIN for Event Hubs); empty for none.')
param kafkaSaslMechanism string

@description('librdkafka sasl.username ($ConnectionString for Event Hubs); empty for none.')
param kafkaSaslUsername string

@minValue(2)
param siloMinReplicas int
param siloMaxReplicas int
param gatewayMaxReplicas int
param tags object = {}

var siloPort = 11111
var gatewayPort = 30000
var useSasl = !empty(kafkaSaslSecretUri)

var kafkaEnv = concat([
  { name: 'Rec__Streaming__Provider', value: 'Kafka' }
  { name: 'Rec__Kafka__BootstrapServers', value: kafkaBootstrapServers }
  { name: 'Rec__Kafka__Properties__security.protocol', value: kafkaSecurityProtocol }
], useSasl ? [
  { name: 'Rec__Kafka__Properties__sasl.mechanism', value: kafkaSaslMechanism }
  { name: 'Rec__Kafka__Properties__sasl.username', value: kafkaSaslUsername }
  { name: 'Rec__Kafka__Properties__sasl.password', secretRef: 'kafka-sasl-password' }
] : [])

var clusterEnv = [
  { name: 'Rec__Profile', value: 'Cluster' }
  { name: 'Rec__Cluster__ServiceId', value: 'orleans-rec' }
  { name: 'Rec__Cluster__ClusterId', value: name }
  { name: 'Rec__Azure__TableServiceUri', value: tableEndpoint }
  { name: 'Rec__Azure__BlobServiceUri', value: blobEndpoint }
  { name: 'Rec__Azure__ClusteringTable', value: membershipTable }
  { name: 'Rec__Azure__StateContainer', value: stateContainer }
  // DefaultAzureCredential picks the user-assigned identity by this id.
  { name: 'AZURE_CLIENT_ID', value: identityClientId }
]

// Orleans TLS between silos and from the gateways (Rec:Cluster:Tls): every node presents the cluster certificate.
var tlsSecrets = [
  { name: 'cluster-tls-certificate', keyVaultUrl: clusterTlsCertificateSecretUri, identity: identityId }
  { name: 'cluster-tls-password', keyVaultUrl: clusterTlsUnlockSecretUri, identity: identityId }
]

var tlsEnv = [
  { name: 'Rec__Cluster__Tls__Enabled', value: 'true' }
  { name: 'Rec__Cluster__Tls__Certificate', secretRef: 'cluster-tls-certificate' }
  { name: 'Rec__Cluster__Tls__CertificatePassword', secretRef: 'cluster-tls-password' }
]

var kafkaSecret = useSasl ? [
  { name: 'kafka-sasl-password', keyVaultUrl: kafkaSaslSecretUri, identity: identityId }
] : []

resource silo 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${name}-silo'
  location: location
  tags: union(tags, { 'azd-service-name': 'silo' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: siloWorkloadProfile
    configuration: {
      activeRevisionsMode: 'Single'
      registries: [{ server: registryLoginServer, identity: identityId }]
      secrets: concat([
        { name: 'artifact-kek', keyVaultUrl: kekSecretUri, identity: identityId }
        { name: 'operator-api-key', keyVaultUrl: operatorKeySecretUri, identity: identityId }
      ], tlsSecrets, kafkaSecret)
      ingress: {
        external: false
        transport: 'tcp'
        targetPort: siloPort
        exposedPort: siloPort
        additionalPortMappings: [
          { external: false, targetPort: gatewayPort, exposedPort: gatewayPort }
        ]
      }
    }
    template: {
      containers: [
        {
          name: 'silo'
          image: siloImage
          resources: { cpu: json(siloCpu), memory: siloMemory }
          env: concat(clusterEnv, tlsEnv, kafkaEnv, empty(siloInferenceDevice) ? [] : [
            { name: 'Rec__Inference__Device', value: siloInferenceDevice }
          ], [
            { name: 'Rec__Cluster__SiloPort', value: string(siloPort) }
            { name: 'Rec__Cluster__GatewayPort', value: string(gatewayPort) }
            { name: 'Rec__Artifacts__Store', value: 'AzureBlob' }
            { name: 'Rec__Artifacts__AzureBlob__ServiceUri', value: blobEndpoint }
            { name: 'Rec__Artifacts__AzureBlob__Container', value: artifactsContainer }
            { name: 'Rec__Artifacts__Keys__LocalKeyFile', value: 'false' }
            { name: 'Rec__Artifacts__Keys__Kek__kv1', secretRef: 'artifact-kek' }
            // /metrics and /dashboard/ listen on 0.0.0.0:8081 (the image's Rec__Silo__HttpUrl), not published by the
            // ingress: inside the environment they still need the operator key.
            { name: 'Rec__Auth__OperatorKeys__0', secretRef: 'operator-api-key' }
          ])
          probes: [
            { type: 'Liveness', tcpSocket: { port: siloPort }, initialDelaySeconds: 10, periodSeconds: 10 }
            // Ready when every version taking traffic is loaded on this silo (the probe needs no key).
            { type: 'Readiness', httpGet: { path: '/health/ready', port: 8081 }, periodSeconds: 5 }
          ]
        }
      ]
      scale: {
        minReplicas: siloMinReplicas
        maxReplicas: siloMaxReplicas
        rules: [
          {
            name: 'cpu'
            custom: { type: 'cpu', metadata: { type: 'Utilization', value: '70' } }
          }
        ]
      }
    }
  }
}

resource gateway 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${name}-gateway'
  location: location
  tags: union(tags, { 'azd-service-name': 'gateway' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      registries: [{ server: registryLoginServer, identity: identityId }]
      secrets: concat([
        { name: 'operator-api-key', keyVaultUrl: operatorKeySecretUri, identity: identityId }
        { name: 'shop-api-key', keyVaultUrl: shopKeySecretUri, identity: identityId }
      ], tlsSecrets, kafkaSecret)
      ingress: {
        external: true
        transport: 'http'
        targetPort: 8080
        allowInsecure: false
      }
    }
    template: {
      containers: [
        {
          name: 'gateway'
          image: gatewayImage
          resources: { cpu: json('1.0'), memory: '2Gi' }
          env: concat(clusterEnv, tlsEnv, kafkaEnv, [
            { name: 'ASPNETCORE_URLS', value: 'http://+:8080' }
            { name: 'Rec__Auth__OperatorKeys__0', secretRef: 'operator-api-key' }
            { name: 'Rec__Auth__ShopKeys__0', secretRef: 'shop-api-key' }
          ])
          probes: [
            { type: 'Liveness', httpGet: { path: '/health/live', port: 8080 }, periodSeconds: 10 }
            { type: 'Readiness', httpGet: { path: '/health/ready', port: 8080 }, periodSeconds: 5 }
          ]
        }
      ]
      scale: {
        minReplicas: 1
        maxReplicas: gatewayMaxReplicas
        rules: [
          {
            name: 'http'
            http: { metadata: { concurrentRequests: '100' } }
          }
        ]
      }
    }
  }
}

output gatewayUrl string = 'https://${gateway.properties.configuration.ingress.fqdn}'
output siloAppName string = silo.name
