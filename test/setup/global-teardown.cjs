module.exports = async function globalTeardown() {
  await globalThis.parleyTestDatabase?.stop();
};
