// Runs the @nestjs/swagger CLI plugin under ts-jest with the options `nest build`
// reads from nest-cli.json, so the OpenAPI document built in tests is the one
// `npm start` serves (a file suffix missing here once left half the schemas empty).
const { createHash } = require('node:crypto');
const transformer = require('@nestjs/swagger/plugin');
const nestCli = require('./nest-cli.json');

const plugin = nestCli.compilerOptions.plugins.find((p) => (typeof p === 'string' ? p : p.name) === '@nestjs/swagger');
const options = (plugin && plugin.options) || {};

module.exports.name = 'nestjs-swagger-transformer';
// ts-jest caches transformed files by this version: a change of the options invalidates them.
module.exports.version = createHash('sha256').update(JSON.stringify(options)).digest('hex').slice(0, 12);
module.exports.factory = (cs) => transformer.before(options, cs.program);
