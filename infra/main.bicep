// Orleans.Rec on Azure Container Apps, Cluster profile: `azd up` from the repository root (see azure.yaml), or
// `az deployment group create -g <rg> -f infra/main.bicep -p kafkaBootstrapServers=... artifactKek=... ...`.
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(20)
@description('Name of the environment; prefixes every resource (azd sets it).')
param environmentName string

@description('Location of every resource.')
param location string = resourceGroup().location

@description('Silo image; azd replaces the placeholder after pushing to the registry.')
param siloImage string = 'mcr.microsoft.com/k8se/quickstart:latest'

@description('Gateway image; azd replaces the placeholder after pushing to the registry.')
param gatewayImage string = 'mcr.microsoft.com/k8se/quickstart:latest'

@description('Kafka bootstrap servers: an Event Hubs namespace\'s Kafka endpoint (<namespace>.servicebus.windows.net:9093) or any brokers.')
param kafkaBootstrapServers string

@allowed(['SASL_SSL', 'SSL', 'PLAINTEXT', 'SASL_PLAINTEXT'])
param kafkaSecurityProtocol string = 'SASL_SSL'

@description('sasl.mechanism (PLAIN for Event Hubs).')
param kafkaSaslMechanism string = 'PLAIN'

@description('sasl.username ($ConnectionString for Event Hubs).')
param kafkaSaslUsername string = '$ConnectionString'

@secure()
@description('sasl.password (for Event Hubs: the namespace connection string); empty when the brokers need none.')
param kafkaSaslPassword string = ''

@secure()
@description('Artifact key-encryption key, 32 random bytes in base64 (openssl rand -base64 32); stored in Key Vault.')
param artifactKek string

@secure()
@description('API key of the operator role; stored in Key Vault.')
param operatorApiKey string

@secure()
@description('API key of the shop role; stored in Key Vault.')
param shopApiKey string

@allowed(['none', 'serverless-t4', 'serverless-a100', 'dedicated-a100'])
@description('GPU silos: none (CPU silos on the Consumption profile), serverless-t4 / serverless-a100 (Consumption GPU profiles, billed per replica-second), dedicated-a100 (NC24-A100 nodes, one per silo replica). With a GPU, siloImage must be built from infra/docker/silo-gpu.Dockerfile. See docs/deployment.md.')
param siloGpu string = 'none'

@secure()
@description('Orleans TLS between silos and from gateways: the cluster certificate as a base64 PFX (with its key); stored in Key Vault. See docs/security.md.')
param clusterTlsCertificate string

@secure()
@description('Password of the cluster certificate\'s PFX; stored in Key Vault.')
param clusterTlsPassword string

@minValue(2)
param siloMinReplicas int = 2

@minValue(2)
param siloMaxReplicas int = 10

@minValue(1)
param gatewayMaxReplicas int = 10

var tags = { 'azd-env-name': environmentName }

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${environmentName}-id'
  location: location
  tags: tags
}

// Container Apps workload profile types: https://learn.microsoft.com/azure/container-apps/workload-profiles-overview
// A dedicated profile has one node per silo replica (each replica takes the node's one A100).
var gpuProfiles = {
  none: []
  'serverless-t4': [{ name: 'gpu', workloadProfileType: 'Consumption-GPU-NC8as-T4' }]
  'serverless-a100': [{ name: 'gpu', workloadProfileType: 'Consumption-GPU-NC24-A100' }]
  'dedicated-a100': [{ name: 'gpu', workloadProfileType: 'NC24-A100', minimumCount: siloMinReplicas, maximumCount: siloMaxReplicas }]
}

// What one GPU silo replica asks for: the whole of its profile's machine (NC8as_T4_v3: 8 vCPU, 56 GiB; NC24ads_A100_v4: 24 vCPU, 220 GiB).
var gpuSiloResources = {
  none: { cpu: '2.0', memory: '4Gi' }
  'serverless-t4': { cpu: '8.0', memory: '56Gi' }
  'serverless-a100': { cpu: '24.0', memory: '220Gi' }
  'dedicated-a100': { cpu: '24.0', memory: '220Gi' }
}

module environment 'modules/environment.bicep' = {
  name: 'environment'
  params: {
    location: location
    name: environmentName
    identityName: identity.name
    extraWorkloadProfiles: gpuProfiles[siloGpu]
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: environmentName
    identityName: identity.name
    tags: tags
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    name: environmentName
    identityName: identity.name
    artifactKek: artifactKek
    operatorApiKey: operatorApiKey
    shopApiKey: shopApiKey
    clusterTlsCertificate: clusterTlsCertificate
    clusterTlsPassword: clusterTlsPassword
    kafkaSaslPassword: kafkaSaslPassword
    useKafkaSasl: !empty(kafkaSaslPassword)
    tags: tags
  }
}

module apps 'modules/apps.bicep' = {
  name: 'apps'
  params: {
    location: location
    name: environmentName
    environmentId: environment.outputs.environmentId
    identityId: identity.id
    identityClientId: identity.properties.clientId
    registryLoginServer: environment.outputs.registryLoginServer
    siloImage: siloImage
    siloWorkloadProfile: siloGpu == 'none' ? 'Consumption' : 'gpu'
    siloCpu: gpuSiloResources[siloGpu].cpu
    siloMemory: gpuSiloResources[siloGpu].memory
    siloInferenceDevice: siloGpu == 'none' ? '' : 'cuda'
    gatewayImage: gatewayImage
    blobEndpoint: storage.outputs.blobEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    stateContainer: storage.outputs.stateContainer
    artifactsContainer: storage.outputs.artifactsContainer
    membershipTable: storage.outputs.membershipTable
    kekSecretUri: vault.outputs.kekSecretUri
    operatorKeySecretUri: vault.outputs.operatorKeySecretUri
    shopKeySecretUri: vault.outputs.shopKeySecretUri
    clusterTlsCertificateSecretUri: vault.outputs.clusterTlsCertificateSecretUri
    clusterTlsUnlockSecretUri: vault.outputs.clusterTlsUnlockSecretUri
    kafkaSaslSecretUri: vault.outputs.kafkaSaslSecretUri
    kafkaBootstrapServers: kafkaBootstrapServers
    kafkaSecurityProtocol: kafkaSecurityProtocol
    kafkaSaslMechanism: kafkaSaslMechanism
    kafkaSaslUsername: kafkaSaslUsername
    siloMinReplicas: siloMinReplicas
    siloMaxReplicas: siloMaxReplicas
    gatewayMaxReplicas: gatewayMaxReplicas
    tags: tags
  }
}

output AZURE_CONTAINER_REGISTRY_ENDPOINT string = environment.outputs.registryLoginServer
output AZURE_CONTAINER_REGISTRY_NAME string = environment.outputs.registryName
output GATEWAY_URL string = apps.outputs.gatewayUrl
output SILO_APP_NAME string = apps.outputs.siloAppName
