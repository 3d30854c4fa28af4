// Key Vault for the artifact key-encryption key, the API keys, the cluster TLS certificate and the Kafka SASL password; the apps read them as
// Container Apps secrets through their managed identity.
@description('Location of every resource.')
param location string

@description('Prefix of resource names.')
param name string

@description('Name of the apps\' user-assigned managed identity (in this resource group), granted secret reads.')
param identityName string

@secure()
@description('Artifact key-encryption key: 32 bytes in base64.')
param artifactKek string

@secure()
@description('API key of the operator role.')
param operatorApiKey string

@secure()
@description('API key of the shop role.')
param shopApiKey string

@secure()
@description('The cluster TLS certificate: a base64 PFX with its private key.')
param clusterTlsCertificate string

@secure()
@description('Password of the cluster certificate\'s PFX.')
param clusterTlsPassword string

@secure()
@description('Kafka SASL password (for Event Hubs: the namespace connection string); empty when Kafka needs none.')
param kafkaSaslPassword string

@description('Whether a Kafka SASL password is given (the secret exists).')
param useKafkaSasl bool

param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('${name}-kv-${uniqueString(resourceGroup().id)}', 24)
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
  }
}

resource kek 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'artifact-kek'
  properties: { value: artifactKek }
}

resource operatorKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'operator-api-key'
  properties: { value: operatorApiKey }
}

resource shopKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'shop-api-key'
  properties: { value: shopApiKey }
}

resource clusterTlsCertificateSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'cluster-tls-certificate'
  properties: { value: clusterTlsCertificate, contentType: 'application/x-pkcs12' }
}

resource clusterTlsPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'cluster-tls-password'
  properties: { value: clusterTlsPassword }
}

resource kafkaPassword 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (useKafkaSasl) {
  parent: vault
  name: 'kafka-sasl-password'
  properties: { value: kafkaSaslPassword }
}

// Key Vault Secrets User
var secretsUserRole = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')

resource read 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, secretsUserRole)
  scope: vault
  properties: {
    roleDefinitionId: secretsUserRole
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

output kekSecretUri string = kek.properties.secretUri
output operatorKeySecretUri string = operatorKey.properties.secretUri
output shopKeySecretUri string = shopKey.properties.secretUri
output clusterTlsCertificateSecretUri string = clusterTlsCertificateSecret.properties.secretUri
output clusterTlsUnlockSecretUri string = clusterTlsPasswordSecret.properties.secretUri
output kafkaSaslSecretUri string = useKafkaSasl ? '${vault.properties.vaultUri}secrets/${kafkaPassword.name}' : ''
