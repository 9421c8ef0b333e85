import { createApp } from 'vue';
import AuditApp from './AuditApp.vue';
import '../imports/imports.css';
import './audit.css';

createApp(AuditApp).mount('#audit');
