export default { name: 'history', title: 'history', target: 'todo', async run() { throw new Error('not written yet'); } };
