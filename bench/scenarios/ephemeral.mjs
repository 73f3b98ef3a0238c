export default { name: 'ephemeral', title: 'ephemeral', target: 'todo', async run() { throw new Error('not written yet'); } };
