// Runs the @nestjs/swagger CLI plugin under ts-jest so that the OpenAPI
// document built in tests matches the one `nest build` produces.
const transformer = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-transformer';
module.exports.version = 2;
module.exports.factory = (cs) =>
  transformer.before(
    { introspectComments: true, classValidatorShim: true, dtoFileNameSuffix: ['.dto.ts', '.entity.ts', '.response.ts', '.query.ts'] },
    cs.program,
  );
